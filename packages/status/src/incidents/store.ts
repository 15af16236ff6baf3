// Incidents and their updates in the status store.
import type { ComponentId } from '../components/catalog.js';
import { newId } from '../ids.js';
import type { StatusDb } from '../store/database.js';
import type { IncidentTable, IncidentUpdateTable } from '../store/schema.js';
import { isClosed, type Impact, type Incident, type IncidentKind, type IncidentStatus, type IncidentUpdate } from './model.js';

function toUpdate(r: IncidentUpdateTable): IncidentUpdate {
  return { id: r.id, incidentId: r.incident_id, status: r.status as IncidentStatus, body: { en: r.body, ar: r.body_ar }, createdAt: r.created_at };
}

function toIncident(r: IncidentTable, updates: IncidentUpdate[]): Incident {
  return {
    id: r.id,
    kind: r.kind as IncidentKind,
    name: { en: r.name, ar: r.name_ar },
    status: r.status as IncidentStatus,
    impact: r.impact as Impact,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    monitoringAt: r.monitoring_at,
    resolvedAt: r.resolved_at,
    scheduledFor: r.scheduled_for,
    scheduledUntil: r.scheduled_until,
    components: JSON.parse(r.components) as ComponentId[],
    regions: JSON.parse(r.regions) as string[],
    problems: JSON.parse(r.problems) as string[],
    updates,
    postmortem: r.postmortem !== null && r.postmortem_at !== null ? { body: { en: r.postmortem, ar: r.postmortem_ar ?? r.postmortem }, publishedAt: r.postmortem_at } : null,
  };
}

async function hydrate(db: StatusDb, rows: IncidentTable[]): Promise<Incident[]> {
  if (rows.length === 0) return [];
  const updates = await db.kysely
    .selectFrom('incident_updates')
    .selectAll()
    .where('incident_id', 'in', rows.map((r) => r.id))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  const byIncident = new Map<string, IncidentUpdate[]>();
  for (const u of updates) {
    const list = byIncident.get(u.incident_id) ?? [];
    list.push(toUpdate(u));
    byIncident.set(u.incident_id, list);
  }
  return rows.map((r) => toIncident(r, byIncident.get(r.id) ?? []));
}

export interface NewIncident {
  kind: IncidentKind;
  name: { en: string; ar: string };
  status: IncidentStatus;
  impact: Impact;
  components?: ComponentId[];
  regions?: string[];
  problems?: string[];
  scheduledFor?: number | null;
  scheduledUntil?: number | null;
  /** When it really began (the first failed probe), if earlier than now. */
  startedAt?: number;
  body: { en: string; ar: string };
}

export async function createIncident(db: StatusDb, input: NewIncident, now: number): Promise<string> {
  const id = newId();
  await db.kysely.transaction().execute(async (tx) => {
    await tx
      .insertInto('incidents')
      .values({
        id,
        kind: input.kind,
        name: input.name.en,
        name_ar: input.name.ar,
        status: input.status,
        impact: input.impact,
        created_at: now,
        updated_at: now,
        started_at: input.scheduledFor ?? input.startedAt ?? now,
        monitoring_at: input.status === 'monitoring' ? now : null,
        resolved_at: isClosed(input.status) ? now : null,
        scheduled_for: input.scheduledFor ?? null,
        scheduled_until: input.scheduledUntil ?? null,
        components: JSON.stringify(input.components ?? []),
        regions: JSON.stringify(input.regions ?? []),
        problems: JSON.stringify(input.problems ?? []),
      })
      .execute();
    await tx.insertInto('incident_updates').values({ id: newId(), incident_id: id, status: input.status, body: input.body.en, body_ar: input.body.ar, created_at: now }).execute();
  });
  return id;
}

export interface IncidentPatch {
  status: IncidentStatus;
  body: { en: string; ar: string };
  /** A new title, when the incident's scope changed. */
  name?: { en: string; ar: string };
  impact?: Impact;
  components?: ComponentId[];
  regions?: string[];
  problems?: string[];
}

export async function addUpdate(db: StatusDb, incident: Incident, patch: IncidentPatch, now: number): Promise<void> {
  await db.kysely.transaction().execute(async (tx) => {
    await tx.insertInto('incident_updates').values({ id: newId(), incident_id: incident.id, status: patch.status, body: patch.body.en, body_ar: patch.body.ar, created_at: now }).execute();
    await tx
      .updateTable('incidents')
      .set({
        status: patch.status,
        updated_at: now,
        name: patch.name?.en ?? incident.name.en,
        name_ar: patch.name?.ar ?? incident.name.ar,
        impact: patch.impact ?? incident.impact,
        monitoring_at: patch.status === 'monitoring' ? now : incident.monitoringAt,
        resolved_at: isClosed(patch.status) ? (incident.resolvedAt ?? now) : null,
        components: JSON.stringify(patch.components ?? incident.components),
        regions: JSON.stringify(patch.regions ?? incident.regions),
        problems: JSON.stringify(patch.problems ?? incident.problems),
      })
      .where('id', '=', incident.id)
      .execute();
  });
}

export async function getIncident(db: StatusDb, id: string): Promise<Incident | undefined> {
  const row = await db.kysely.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await hydrate(db, [row]))[0] : undefined;
}

export async function openIncidentOfKind(db: StatusDb, kind: IncidentKind): Promise<Incident | undefined> {
  const row = await db.kysely
    .selectFrom('incidents')
    .selectAll()
    .where('kind', '=', kind)
    .where('resolved_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? (await hydrate(db, [row]))[0] : undefined;
}

export interface ListOptions {
  limit?: number;
  unresolved?: boolean;
  maintenance?: boolean;
  since?: number;
}

export async function listIncidents(db: StatusDb, options: ListOptions = {}): Promise<Incident[]> {
  let q = db.kysely.selectFrom('incidents').selectAll();
  if (options.unresolved) q = q.where('resolved_at', 'is', null);
  if (options.maintenance !== undefined) q = q.where('kind', options.maintenance ? '=' : '!=', 'maintenance');
  if (options.since !== undefined) q = q.where('created_at', '>=', options.since);
  const rows = await q.orderBy('created_at', 'desc').limit(options.limit ?? 50).execute();
  return hydrate(db, rows);
}

/** Publishes (or rewrites) an incident's postmortem; the first publication time is kept. */
export async function setPostmortem(db: StatusDb, incident: Incident, body: { en: string; ar: string }, now: number): Promise<void> {
  await db.kysely
    .updateTable('incidents')
    .set({ postmortem: body.en, postmortem_ar: body.ar, postmortem_at: incident.postmortem?.publishedAt ?? now, updated_at: now })
    .where('id', '=', incident.id)
    .execute();
}
