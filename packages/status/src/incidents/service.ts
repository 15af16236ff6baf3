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

export class IncidentService {
  // Regions open at the last sync, to say which ones have calmed down; after a restart, the
  // incident's own list stands in.
  private activeRegions: Set<string> | undefined;

  constructor(
    private readonly db: StatusDb,
    private readonly clock: () => number,
    private readonly notify: Notify,
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
          body: bi((l) =>
            l === 'en'
              ? `Problem reports from ${describeRegions(open, l)} are well above the usual level for this time of the week. We are looking into it.`
              : `ارتفعت البلاغات من ${describeRegions(open, l)} كثيرًا عن المعتاد في هذا الوقت من الأسبوع. نحن نتحقق من الأمر.`,
          ),
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
        body: bi((l) => (l === 'en' ? 'Problem reports are back to their usual level.' : 'عادت البلاغات إلى مستواها المعتاد.')),
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
        body: bi((l) => (l === 'en' ? `Reports from ${names(l)} are back to their usual level; still elevated in ${describeRegions(open, l)}.` : `عادت البلاغات من ${names(l)} إلى مستواها المعتاد، وما زالت مرتفعة في ${describeRegions(open, l)}.`)),
      }, now);
      return this.announce('incident.updated', current.id);
    }
  }

  /** Brings the "probes" incident in line with the components' current statuses. */
  async syncProbes(statuses: Map<ComponentId, ComponentStatus>): Promise<void> {
    const now = this.clock();
    const down = [...statuses].filter(([, s]) => s === 'partial_outage' || s === 'major_outage').map(([id]) => id);
    const major = [...statuses].filter(([, s]) => s === 'major_outage').length;
    const impact: Impact = major >= 4 ? 'critical' : major > 0 ? 'major' : 'minor';
    const names = (ids: ComponentId[], l: 'en' | 'ar') => list(ids.map((id) => componentName(id, l)), l);
    const current = await store.openIncidentOfKind(this.db, 'probes');
    if (!current) {
      if (down.length === 0) return;
      const id = await store.createIncident(
        this.db,
        {
          kind: 'probes',
          name: bi((l) => (l === 'en' ? `Outage: ${names(down, l)}` : `انقطاع: ${names(down, l)}`)),
          status: 'investigating',
          impact,
          components: down,
          body: bi((l) =>
            l === 'en' ? `Our automatic checks are failing for ${names(down, l)}. We are investigating.` : `فحوصاتنا الآلية تفشل في: ${names(down, l)}. نحن نتحقق من الأمر.`,
          ),
        },
        now,
      );
      return this.announce('incident.created', id);
    }
    if (down.length === 0) {
      await store.addUpdate(this.db, current, {
        status: 'resolved',
        body: bi((l) => (l === 'en' ? 'All automatic checks are passing again.' : 'نجحت جميع الفحوصات الآلية مجددًا.')),
      }, now);
      return this.announce('incident.resolved', current.id);
    }
    const added = down.filter((id) => !current.components.includes(id));
    if (added.length > 0 || severityMax(current.impact, impact) !== current.impact) {
      await store.addUpdate(this.db, current, {
        status: current.status,
        impact: severityMax(current.impact, impact),
        components: [...new Set([...current.components, ...down])],
        body: bi((l) => (l === 'en' ? `Now failing: ${names(down, l)}.` : `يفشل الآن: ${names(down, l)}.`)),
      }, now);
      return this.announce('incident.updated', current.id);
    }
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
