// Component statuses and probe history. Every probe result is kept raw for two days and folded
// into an hourly row per component (count, failures, latency) that is kept for 90 days: enough
// for the uptime bars and latency figures without a row per probe per 15 s for three months.
import { sql } from 'kysely';
import type { StatusDb } from '../store/database.js';
import { COMPONENT_IDS, type ComponentId, type ComponentStatus } from './catalog.js';
import type { ProbeOutcome } from './health.js';

const HOUR = 3_600_000;
/** How a throttled probe's error text begins (the runner writes it; `recentOutcomes` reads it back). */
export const THROTTLED_PREFIX = 'throttled by the app';
const DAY = 86_400_000;
export const RAW_RETENTION_MS = 2 * DAY;
export const HOURLY_RETENTION_MS = 90 * DAY;

export interface ProbeRecord {
  component: ComponentId;
  at: number;
  ok: boolean;
  latencyMs: number;
  error?: string;
  /** Rate limited by the app (429): stored as a success with this error text, never as downtime. */
  throttled?: boolean;
}

export interface ComponentRow {
  id: ComponentId;
  status: ComponentStatus;
  updatedAt: number;
  /** The last probe; null for a component never checked (its status is then no evidence). */
  checkedAt: number | null;
}

export async function ensureComponents(db: StatusDb, now: number): Promise<void> {
  await db.kysely
    .insertInto('components')
    .values(COMPONENT_IDS.map((id) => ({ id, status: 'operational', updated_at: now })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function listComponents(db: StatusDb): Promise<ComponentRow[]> {
  const rows = await db.kysely.selectFrom('components').selectAll().execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return COMPONENT_IDS.map((id) => {
    const r = byId.get(id);
    return { id, status: (r?.status ?? 'operational') as ComponentStatus, updatedAt: r?.updated_at ?? 0, checkedAt: r?.checked_at ?? null };
  });
}

export async function setComponentStatus(db: StatusDb, id: ComponentId, status: ComponentStatus, now: number): Promise<void> {
  await db.kysely.updateTable('components').set({ status, updated_at: now }).where('id', '=', id).execute();
}

export async function recordProbes(db: StatusDb, records: ProbeRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.kysely.transaction().execute(async (tx) => {
    await tx
      .insertInto('probe_results')
      .values(records.map((r) => ({ component: r.component, at: r.at, ok: r.ok ? 1 : 0, latency_ms: Math.round(r.latencyMs), error: r.error ?? null })))
      .execute();
    for (const r of records) {
      await tx.updateTable('components').set({ checked_at: r.at }).where('id', '=', r.component).execute();
      const latency = Math.round(r.latencyMs);
      await tx
        .insertInto('probe_hourly')
        .values({ component: r.component, hour: Math.floor(r.at / HOUR), probes: 1, failures: r.ok ? 0 : 1, latency_sum: latency, latency_max: latency })
        .onConflict((oc) =>
          oc.columns(['component', 'hour']).doUpdateSet({
            probes: sql`probes + 1`,
            failures: sql`failures + ${r.ok ? 0 : 1}`,
            latency_sum: sql`latency_sum + ${latency}`,
            latency_max: sql`max(latency_max, ${latency})`,
          }),
        )
        .execute();
    }
  });
}

export interface DailyUptime {
  /** UTC midnight of the day. */
  day: number;
  probes: number;
  failures: number;
  /** 0..1, or null when the day has no probes. */
  uptime: number | null;
  avgLatencyMs: number | null;
}

/** One entry per day for the last `days` days (oldest first), per component. */
export async function dailyUptime(db: StatusDb, now: number, days = 90): Promise<Map<ComponentId, DailyUptime[]>> {
  const today = Math.floor(now / DAY) * DAY;
  const from = today - (days - 1) * DAY;
  const rows = await db.kysely
    .selectFrom('probe_hourly')
    .select(['component', sql<number>`(hour * ${sql.lit(HOUR)} / ${sql.lit(DAY)}) * ${sql.lit(DAY)}`.as('day'), sql<number>`sum(probes)`.as('probes'), sql<number>`sum(failures)`.as('failures'), sql<number>`sum(latency_sum)`.as('latency')])
    .where('hour', '>=', from / HOUR)
    .groupBy(['component', 'day'])
    .execute();
  const out = new Map<ComponentId, DailyUptime[]>();
  for (const id of COMPONENT_IDS) {
    out.set(id, Array.from({ length: days }, (_, i) => ({ day: from + i * DAY, probes: 0, failures: 0, uptime: null, avgLatencyMs: null })));
  }
  for (const r of rows) {
    const list = out.get(r.component as ComponentId);
    const i = Math.round((Number(r.day) - from) / DAY);
    if (!list || i < 0 || i >= days) continue;
    const probes = Number(r.probes);
    list[i] = { day: from + i * DAY, probes, failures: Number(r.failures), uptime: probes ? (probes - Number(r.failures)) / probes : null, avgLatencyMs: probes ? Number(r.latency) / probes : null };
  }
  return out;
}

export async function latestProbes(db: StatusDb, limit = 50): Promise<ProbeRecord[]> {
  const rows = await db.kysely.selectFrom('probe_results').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ component: r.component as ComponentId, at: r.at, ok: r.ok === 1, latencyMs: r.latency_ms, error: r.error ?? undefined }));
}

/**
 * The last `perComponent` stored probe outcomes of each component, oldest first: what the
 * hysteresis judged from before a restart. Throttled probes are stored as successes whose error
 * says so.
 */
export async function recentOutcomes(db: StatusDb, perComponent: number): Promise<Map<ComponentId, ProbeOutcome[]>> {
  const out = new Map<ComponentId, ProbeOutcome[]>();
  for (const id of COMPONENT_IDS) {
    const rows = await db.kysely.selectFrom('probe_results').select(['at', 'ok', 'latency_ms', 'error']).where('component', '=', id).orderBy('id', 'desc').limit(perComponent).execute();
    out.set(id, rows.reverse().map((r) => ({ at: r.at, ok: r.ok === 1, latencyMs: r.latency_ms, throttled: r.ok === 1 && (r.error ?? '').startsWith(THROTTLED_PREFIX) })));
  }
  return out;
}

export async function pruneProbes(db: StatusDb, now: number): Promise<void> {
  await db.kysely.deleteFrom('probe_results').where('at', '<', now - RAW_RETENTION_MS).execute();
  await db.kysely.deleteFrom('probe_hourly').where('hour', '<', Math.floor((now - HOURLY_RETENTION_MS) / HOUR)).execute();
}
