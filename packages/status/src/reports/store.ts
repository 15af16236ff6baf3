// Problem reports, kept 90 days; aggregated for the page and replayed into the detector at start.
import { sql } from 'kysely';
import type { StatusDb } from '../store/database.js';

export const REPORT_RETENTION_MS = 90 * 86_400_000;

export interface StoredReport {
  at: number;
  region: string;
  problem: string;
  /** 1 for an anonymous reporter, more for a signed-in Sirb account. */
  weight: number;
}

export async function insertReport(db: StatusDb, r: StoredReport): Promise<void> {
  await db.kysely.insertInto('reports').values(r).execute();
}

/** Reports since `from`, oldest first, in pages so a 90-day backlog never sits in memory at once. */
export async function* reportsSince(db: StatusDb, from: number, page = 20_000): AsyncGenerator<StoredReport[]> {
  let afterId = 0;
  for (;;) {
    const rows = await db.kysely
      .selectFrom('reports')
      .select(['id', 'at', 'region', 'problem', 'weight'])
      .where('at', '>=', from)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(page)
      .execute();
    if (rows.length === 0) return;
    afterId = rows[rows.length - 1]!.id;
    yield rows;
  }
}

export interface ReportStats {
  /** Counts per 5-minute bucket, oldest first, covering the last 24 h. */
  buckets: { start: number; count: number }[];
  byProblem: { key: string; count: number }[];
  byRegion: { key: string; count: number }[];
  total: number;
}

const BUCKET = 5 * 60_000;

export async function reportStats(db: StatusDb, now: number): Promise<ReportStats> {
  const end = Math.floor(now / BUCKET) * BUCKET + BUCKET;
  const from = end - 288 * BUCKET;
  const rows = await db.kysely
    .selectFrom('reports')
    .select([sql<number>`(at / ${sql.lit(BUCKET)})`.as('b'), sql<number>`count(*)`.as('n')])
    .where('at', '>=', from)
    .groupBy('b')
    .execute();
  const buckets = Array.from({ length: 288 }, (_, i) => ({ start: from + i * BUCKET, count: 0 }));
  for (const r of rows) {
    const i = Number(r.b) - from / BUCKET;
    if (i >= 0 && i < 288) buckets[i]!.count = Number(r.n);
  }
  const group = async (column: 'problem' | 'region') =>
    (
      await db.kysely
        .selectFrom('reports')
        .select([column, sql<number>`count(*)`.as('n')])
        .where('at', '>=', from)
        .groupBy(column)
        .orderBy('n', 'desc')
        .execute()
    ).map((r) => ({ key: String(r[column]), count: Number(r.n) }));
  const byProblem = await group('problem');
  const byRegion = await group('region');
  return { buckets, byProblem, byRegion, total: buckets.reduce((s, b) => s + b.count, 0) };
}

export async function pruneReports(db: StatusDb, now: number): Promise<void> {
  await db.kysely.deleteFrom('reports').where('at', '<', now - REPORT_RETENTION_MS).execute();
}
