// Opens, extends and resolves incidents: automatically from report spikes (the detector) and
// from failing probes, and by hand from admins. Every change is announced to `notify` (webhooks)
// after it has been stored.
import { COMPONENTS, PROBLEM_COMPONENT, type ComponentId, type ComponentStatus } from '../components/catalog.js';
import type { OpenRegion } from '../detector/detector.js';
import { PROBLEM_LABELS, list, regionName, type Bilingual } from '../i18n.js';
import type { StatusDb } from '../store/database.js';
import { isClosed, type Impact, type Incident, type IncidentStatus } from './model.js';
import * as store from './store.js';

export type IncidentEvent = 'incident.created' | 'incident.updated' | 'incident.resolved';
export type Notify = (event: IncidentEvent, incident: Incident) => Promise<void>;

function bi(make: (lang: 'en' | 'ar') => string): Bilingual {
  return { en: make('en'), ar: make('ar') };
}

const componentName = (id: ComponentId, lang: 'en' | 'ar') => COMPONENTS.find((c) => c.id === id)!.name[lang];

function describeRegions(open: OpenRegion[], lang: 'en' | 'ar'): string {
  return list(
    open.map((r) => `${regionName(r.region, lang)} (${list(r.problems.map((p) => PROBLEM_LABELS[p][lang]), lang)})`),
    lang,
  );
}

/** A week of history is what "usual for this time of the week" needs; before it, say what is true. */
const WEEK_HOURS = 168;

function reportsOpenedBody(open: OpenRegion[], l: 'en' | 'ar'): string {
  const where = describeRegions(open, l);
  if (open.every((r) => (r.hoursLearned ?? 0) >= WEEK_HOURS)) {
    return l === 'en'
      ? `Problem reports from ${where} are well above the usual level for this time of the week. We are looking into it.`
      : `ارتفعت البلاغات من ${where} كثيرًا عن المعتاد في هذا الوقت من الأسبوع. نحن نتحقق من الأمر.`;
  }
  return l === 'en'
    ? `Many more problem reports than before are arriving from ${where}. We have been counting reports for less than a week, so we cannot yet compare them with a usual level. We are looking into it.`
    : `تصلنا من ${where} بلاغات عن مشكلات أكثر بكثير مما قبل. بدأنا عدّ البلاغات منذ أقل من أسبوع، فلا يمكننا بعدُ مقارنتها بمستوى معتاد. نحن نتحقق من الأمر.`;
}

export interface IncidentOptions {
  /** How long every check must keep passing, once an outage clears, before it is resolved. */
  monitoringMs: number;
}

export class IncidentService {
  // Regions open at the last sync, to say which ones have calmed down; after a restart, the
  // incident's own list stands in.
  private activeRegions: Set<string> | undefined;

  constructor(
    private readonly db: StatusDb,
    private readonly clock: () => number,
    private readonly notify: Notify,
    private readonly options: IncidentOptions = { monitoringMs: 5 * 60_000 },
  ) {}

  /** Brings the "reports" incident in line with the regions the detector has open right now. */
  async syncReports(open: OpenRegion[]): Promise<void> {
    const now = this.clock();
    const current = await store.openIncidentOfKind(this.db, 'reports');
    const regions = open.map((r) => r.region);
    const problems = [...new Set(open.flatMap((r) => r.problems))];
    const components = [...new Set(problems.map((p) => PROBLEM_COMPONENT[p]).filter((c): c is ComponentId => !!c))];
    const impact: Impact = regions.includes('WORLD') || regions.length >= 3 ? 'major' : 'minor';
    if (!current) {
      if (open.length === 0) return;
      this.activeRegions = new Set(regions);
      const id = await store.createIncident(
        this.db,
        {
          kind: 'reports',
          name: bi((l) => (l === 'en' ? `Many people are reporting problems in ${describeRegions(open, l)}` : `بلاغات كثيرة عن مشكلات في ${describeRegions(open, l)}`)),
          status: 'investigating',
          impact,
          components,
          regions,
          problems,
          body: bi((l) => reportsOpenedBody(open, l)),
        },
        now,
      );
      return this.announce('incident.created', id);
    }
    const known = new Set(current.regions);
    const added = open.filter((r) => !known.has(r.region));
    const calmed = [...(this.activeRegions ?? known)].filter((r) => !regions.includes(r));
    this.activeRegions = new Set(regions);
    if (open.length === 0) {
      await store.addUpdate(this.db, current, {
        status: 'resolved',
        body: bi((l) => (l === 'en' ? 'Problem reports have calmed down.' : 'هدأت البلاغات.')),
      }, now);
      return this.announce('incident.resolved', current.id);
    }
    if (added.length > 0) {
      await store.addUpdate(this.db, current, {
        status: current.status,
        impact: severityMax(current.impact, impact),
        regions: [...current.regions, ...added.map((r) => r.region)],
        problems: [...new Set([...current.problems, ...problems])],
        components: [...new Set([...current.components, ...components])],
        body: bi((l) => (l === 'en' ? `Reports are now also rising in ${describeRegions(added, l)}.` : `ترتفع البلاغات الآن أيضًا في ${describeRegions(added, l)}.`)),
      }, now);
      return this.announce('incident.updated', current.id);
    }
    if (calmed.length > 0) {
      const names = (l: 'en' | 'ar') => list(calmed.map((r) => regionName(r, l)), l);
      await store.addUpdate(this.db, current, {
        status: current.status,
        body: bi((l) => (l === 'en' ? `Reports from ${names(l)} have calmed down; still elevated in ${describeRegions(open, l)}.` : `هدأت البلاغات من ${names(l)}، وما زالت مرتفعة في ${describeRegions(open, l)}.`)),
      }, now);
      return this.announce('incident.updated', current.id);
    }
  }

  /**
   * Brings the "probes" incident in line with the components' current statuses. `failingSince`
   * holds, per failing component, its first failed probe: the incident starts then, not at
   * detection. Its title, components and impact follow what is failing now, stepping down as
   * parts recover; when everything passes it is "monitoring" for a while before "resolved".
   */
  async syncProbes(statuses: Map<ComponentId, ComponentStatus>, failingSince: Map<ComponentId, number> = new Map()): Promise<void> {
    const now = this.clock();
    const down = [...statuses].filter(([, s]) => s === 'partial_outage' || s === 'major_outage').map(([id]) => id);
    const major = [...statuses].filter(([, s]) => s === 'major_outage').length;
    const impact: Impact = major >= 4 ? 'critical' : major > 0 ? 'major' : 'minor';
    const names = (ids: ComponentId[], l: 'en' | 'ar') => list(ids.map((id) => componentName(id, l)), l);
    const title = bi((l) => (l === 'en' ? `Outage: ${names(down, l)}` : `انقطاع: ${names(down, l)}`));
    const current = await store.openIncidentOfKind(this.db, 'probes');
    if (!current) {
      if (down.length === 0) return;
      const since = down.map((id) => failingSince.get(id)).filter((t): t is number => t !== undefined);
      const id = await store.createIncident(
        this.db,
        {
          kind: 'probes',
          name: title,
          status: 'investigating',
          impact,
          components: down,
          startedAt: since.length ? Math.min(now, ...since) : now,
          body: bi((l) =>
            l === 'en' ? `Our automatic checks are failing for ${names(down, l)}. We are investigating.` : `فحوصاتنا الآلية تفشل في: ${names(down, l)}. نحن نتحقق من الأمر.`,
          ),
        },
        now,
      );
      return this.announce('incident.created', id);
    }
    if (down.length === 0) {
      if (current.status !== 'monitoring') {
        await store.addUpdate(this.db, current, {
          status: 'monitoring',
          body: bi((l) => (l === 'en' ? 'All automatic checks are passing again. We are watching to make sure it lasts.' : 'نجحت جميع الفحوصات الآلية مجددًا. نراقب الوضع لنتأكد من استقراره.')),
        }, now);
        return this.announce('incident.updated', current.id);
      }
      if (now - (current.monitoringAt ?? now) < this.options.monitoringMs) return;
      await store.addUpdate(this.db, current, {
        status: 'resolved',
        body: bi((l) => (l === 'en' ? 'All automatic checks have kept passing. This incident is resolved.' : 'استمر نجاح جميع الفحوصات الآلية. انتهت هذه الحادثة.')),
      }, now);
      return this.announce('incident.resolved', current.id);
    }
    const added = down.filter((id) => !current.components.includes(id));
    const recovered = current.components.filter((id) => !down.includes(id));
    const relapse = current.status === 'monitoring';
    if (!relapse && added.length === 0 && recovered.length === 0 && impact === current.impact) return;
    const body = bi((l) => {
      if (relapse || recovered.length === 0) return l === 'en' ? `Now failing: ${names(down, l)}.` : `يفشل الآن: ${names(down, l)}.`;
      return l === 'en'
        ? `${names(recovered, l)}: passing again. Still failing: ${names(down, l)}.`
        : `${names(recovered, l)}: تعمل مجددًا. ما زال يفشل: ${names(down, l)}.`;
    });
    await store.addUpdate(this.db, current, { status: relapse ? 'investigating' : current.status, name: title, impact, components: down, body }, now);
    return this.announce('incident.updated', current.id);
  }

  async create(input: store.NewIncident): Promise<Incident> {
    const id = await store.createIncident(this.db, input, this.clock());
    await this.announce('incident.created', id);
    return (await store.getIncident(this.db, id))!;
  }

  async update(incident: Incident, patch: store.IncidentPatch): Promise<Incident> {
    await store.addUpdate(this.db, incident, patch, this.clock());
    await this.announce(isClosed(patch.status) ? 'incident.resolved' : 'incident.updated', incident.id);
    return (await store.getIncident(this.db, incident.id))!;
  }

  private async announce(event: IncidentEvent, id: string): Promise<void> {
    const incident = await store.getIncident(this.db, id);
    if (incident) await this.notify(event, incident);
  }
}

const IMPACT_ORDER: Impact[] = ['none', 'maintenance', 'minor', 'major', 'critical'];
function severityMax(a: Impact, b: Impact): Impact {
  return IMPACT_ORDER.indexOf(a) >= IMPACT_ORDER.indexOf(b) ? a : b;
}

export type { IncidentStatus };
