// Webhook bodies in Statuspage's webhook shapes: {meta, page, incident} for incident changes and
// {meta, page, component_update, component} for component status changes.
import type { ComponentId, ComponentStatus } from '../components/catalog.js';
import type { ComponentRow } from '../components/store.js';
import type { Incident } from '../incidents/model.js';
import { overallStatus, presentComponent, presentIncident, type PageInfo } from '../statuspage/presenter.js';

function meta(page: PageInfo, now: number, event: string) {
  return { unsubscribe: `${page.url}/api/v1/subscriptions`, documentation: `${page.url}/api/v2/summary.json`, generated_at: new Date(now).toISOString(), event };
}

function pageStatus(page: PageInfo, components: ComponentRow[], open: Incident[]) {
  const s = overallStatus(components, open, 'en');
  return { id: page.id, status_indicator: s.indicator, status_description: s.description };
}

export function incidentPayload(event: string, incident: Incident, page: PageInfo, components: ComponentRow[], open: Incident[], now: number) {
  return { meta: meta(page, now, event), page: pageStatus(page, components, open), incident: presentIncident(incident, components, page, 'en') };
}

export function componentPayload(id: ComponentId, oldStatus: ComponentStatus, newStatus: ComponentStatus, page: PageInfo, components: ComponentRow[], open: Incident[], now: number) {
  const row = components.find((c) => c.id === id)!;
  return {
    meta: meta(page, now, 'component.updated'),
    page: pageStatus(page, components, open),
    component_update: { created_at: new Date(now).toISOString(), new_status: newStatus, old_status: oldStatus, id: `${id}-${now}`, component_id: id },
    component: presentComponent(row, page, 'en'),
  };
}
