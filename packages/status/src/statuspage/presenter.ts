// Atlassian Statuspage's public v2 JSON shapes (summary.json, status.json, components.json,
// incidents.json …), so existing status widgets and bots can read Sirb's page unchanged.
import { COMPONENTS, severity, type ComponentId, type ComponentStatus } from '../components/catalog.js';
import { COMPONENT_GROUPS, groupOf, groupStatus, groupUpdatedAt, type ComponentGroup } from '../components/groups.js';
import type { ComponentRow } from '../components/store.js';
import type { Lang } from '../i18n.js';
import type { Incident } from '../incidents/model.js';

export interface PageInfo {
  id: string;
  name: string;
  url: string;
  createdAt: number;
  updatedAt: number;
}

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function presentPage(page: PageInfo) {
  return { id: page.id, name: page.name, url: page.url, time_zone: 'Etc/UTC', updated_at: iso(page.updatedAt) };
}

export function presentComponent(row: ComponentRow, page: PageInfo, lang: Lang) {
  const info = COMPONENTS.find((c) => c.id === row.id)!;
  return {
    id: row.id,
    name: info.name[lang],
    status: row.status,
    created_at: iso(page.createdAt),
    updated_at: iso(row.updatedAt || page.createdAt),
    position: COMPONENTS.indexOf(info) + 1,
    description: info.description[lang],
    showcase: true,
    start_date: new Date(page.createdAt).toISOString().slice(0, 10),
    group_id: groupOf(row.id) ? `group-${groupOf(row.id)!.id}` : null,
    page_id: page.id,
    group: false,
    only_show_if_degraded: false,
    // Statuspage has no "unknown": a reader checks this before trusting `status`.
    sirb: { checked_at: iso(row.checkedAt) },
  };
}

/** A group as Statuspage lists it: a component with `group: true` and its members' ids. */
export function presentGroup(group: ComponentGroup, rows: ComponentRow[], page: PageInfo, lang: Lang) {
  const status = groupStatus(group, rows);
  return {
    id: `group-${group.id}`,
    name: group.name[lang],
    // Statuspage has no "unknown": a reader checks sirb.checked_at before trusting `status`.
    status: status ?? 'operational',
    created_at: iso(page.createdAt),
    updated_at: iso(groupUpdatedAt(group, rows) || page.createdAt),
    position: COMPONENT_GROUPS.indexOf(group) + 1,
    description: null,
    showcase: false,
    start_date: new Date(page.createdAt).toISOString().slice(0, 10),
    group_id: null,
    page_id: page.id,
    group: true,
    only_show_if_degraded: false,
    components: group.components,
    // Like a component's: null until every member was checked, else the latest check.
    sirb: { checked_at: rows.some((r) => group.components.includes(r.id) && r.checkedAt === null) ? null : iso(Math.max(...rows.filter((r) => group.components.includes(r.id)).map((r) => r.checkedAt ?? 0))) },
  };
}

/** Statuspage's component list: the groups, then every component (members carry their group_id). */
export function presentComponents(rows: ComponentRow[], page: PageInfo, lang: Lang) {
  return [...COMPONENT_GROUPS.map((g) => presentGroup(g, rows, page, lang)), ...rows.map((c) => presentComponent(c, page, lang))];
}

export function presentIncident(incident: Incident, components: ComponentRow[], page: PageInfo, lang: Lang) {
  const affected = components.filter((c) => incident.components.includes(c.id));
  const base = {
    id: incident.id,
    name: incident.name[lang],
    status: incident.status,
    created_at: iso(incident.createdAt),
    updated_at: iso(incident.updatedAt),
    monitoring_at: iso(incident.monitoringAt),
    resolved_at: iso(incident.resolvedAt),
    impact: incident.impact,
    shortlink: `${page.url}/incidents/${incident.id}`,
    started_at: iso(incident.startedAt),
    page_id: page.id,
    incident_updates: incident.updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body[lang],
      incident_id: incident.id,
      created_at: iso(u.createdAt),
      updated_at: iso(u.createdAt),
      display_at: iso(u.createdAt),
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: affected.map((c) => presentComponent(c, page, lang)),
    // Statuspage's names for a published postmortem.
    postmortem_body: incident.postmortem?.body[lang] ?? null,
    postmortem_published_at: iso(incident.postmortem?.publishedAt),
    // Not in Statuspage's shape, but what a reader of a report-driven incident needs.
    sirb: { kind: incident.kind, regions: incident.regions, problems: incident.problems },
  };
  if (incident.kind !== 'maintenance') return base;
  return { ...base, scheduled_for: iso(incident.scheduledFor), scheduled_until: iso(incident.scheduledUntil) };
}

// Statuspage's indicators, with 'maintenance' as its pages answer while components are under maintenance.
export type Indicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

const DESCRIPTIONS: Record<Exclude<Indicator, 'maintenance'>, { en: string; ar: string }> = {
  none: { en: 'All Systems Operational', ar: 'جميع الأنظمة تعمل' },
  minor: { en: 'Minor Service Outage', ar: 'خلل بسيط في الخدمة' },
  major: { en: 'Partial System Outage', ar: 'انقطاع جزئي في الخدمة' },
  critical: { en: 'Major Service Outage', ar: 'انقطاع كبير في الخدمة' },
};

/** The overall indicator: the worst of the components and the open (non-maintenance) incidents. */
export function overallStatus(components: ComponentRow[], open: Incident[], lang: Lang): { indicator: Indicator; description: string } {
  const worst = Math.max(0, ...components.map((c) => severity(c.status)));
  const majors = components.filter((c) => c.status === 'major_outage').length;
  let indicator: Indicator = worst === 0 ? 'none' : worst === 1 ? 'minor' : worst === 2 ? 'major' : majors >= components.length / 2 ? 'critical' : 'major';
  for (const i of open) {
    if (i.kind === 'maintenance' && i.status === 'scheduled') continue;
    // Monitoring means every check passes again: the incident stays listed, but no longer says the service is down.
    if (i.status === 'monitoring') continue;
    const impact: Indicator = i.impact === 'critical' ? 'critical' : i.impact === 'major' ? 'major' : i.impact === 'minor' ? 'minor' : 'none';
    if (order(impact) > order(indicator)) indicator = impact;
  }
  if (indicator === 'none' && components.some((c) => c.status === 'under_maintenance')) return { indicator: 'maintenance', description: MAINTENANCE[lang] };
  // "All Systems Operational" is a claim about every component: not made while one was never checked.
  if (indicator === 'none' && components.some((c) => c.checkedAt === null)) return { indicator, description: NO_DATA[lang] };
  return { indicator, description: DESCRIPTIONS[indicator][lang] };
}

const MAINTENANCE = { en: 'Service Under Maintenance', ar: 'الخدمة قيد الصيانة' };
const NO_DATA = { en: 'No data yet', ar: 'لا بيانات بعد' };

const order = (i: Indicator) => ['none', 'minor', 'major', 'critical'].indexOf(i);

export function componentStatusesOf(components: ComponentRow[]): Map<ComponentId, ComponentStatus> {
  return new Map(components.map((c) => [c.id, c.status]));
}
