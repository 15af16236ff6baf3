// Probe agents' results in the status store: appended per push, read back per location and
// component at start-up (the judged window survives a restart), pruned after two days.
import type { ComponentId } from '../components/catalog.js';
import { RAW_RETENTION_MS, THROTTLED_PREFIX, type ProbeRecord } from '../components/store.js';
import type { StatusDb } from '../store/database.js';

export interface StoredLocation {
  name: string;
  lastSeen: number;
  /** Oldest first, at most `perComponent` per component. */
  records: Map<ComponentId, ProbeRecord[]>;
}

export async function insertLocationProbes(db: StatusDb, location: string, name: string, records: ProbeRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.kysely
    .insertInto('location_probes')
    .values(records.map((r) => ({ location, name, component: r.component, at: r.at, ok: r.ok ? 1 : 0, latency_ms: Math.round(r.latencyMs), error: r.error ?? null })))
    .execute();
}

export async function recentLocationProbes(db: StatusDb, perComponent: number, now: number): Promise<Map<string, StoredLocation>> {
  const out = new Map<string, StoredLocation>();
  const since = now - RAW_RETENTION_MS;
  const pairs = await db.kysely.selectFrom('location_probes').select(['location', 'component']).where('at', '>=', since).distinct().execute();
  for (const { location, component } of pairs) {
    const rows = await db.kysely
      .selectFrom('location_probes')
      .selectAll()
      .where('location', '=', location)
      .where('component', '=', component)
      // By when measured: an agent's backlog (backlog.ts) arrives after newer rows were stored.
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(perComponent)
      .execute();
    if (rows.length === 0) continue;
    const entry = out.get(location) ?? { name: rows[0]!.name, lastSeen: 0, records: new Map() };
    entry.lastSeen = Math.max(entry.lastSeen, rows[0]!.at);
    entry.records.set(
      component as ComponentId,
      rows.reverse().map((r) => ({ component: r.component as ComponentId, at: r.at, ok: r.ok === 1, latencyMs: r.latency_ms, error: r.error ?? undefined, throttled: r.ok === 1 && (r.error ?? '').startsWith(THROTTLED_PREFIX) })),
    );
    out.set(location, entry);
  }
  return out;
}

export async function pruneLocationProbes(db: StatusDb, now: number): Promise<void> {
  await db.kysely.deleteFrom('location_probes').where('at', '<', now - RAW_RETENTION_MS).execute();
}
