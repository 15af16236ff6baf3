// Saved reading positions (Mastodon markers), so every client opens where the user left off.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const MARKER_TIMELINES = ['home', 'notifications'] as const;
export type MarkerTimeline = (typeof MARKER_TIMELINES)[number];

export interface MarkerJson {
  last_read_id: string;
  version: number;
  updated_at: string;
}

export class MarkerService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(accountId: number, timelines: string[]): Promise<Record<string, MarkerJson>> {
    const wanted = timelines.filter((t): t is MarkerTimeline => (MARKER_TIMELINES as readonly string[]).includes(t));
    if (wanted.length === 0) return {};
    const rows = await this.db.selectFrom('markers').selectAll().where('account_id', '=', accountId).where('timeline', 'in', wanted).execute();
    return Object.fromEntries(
      rows.map((r) => [r.timeline, { last_read_id: String(r.last_read_id), version: r.version, updated_at: new Date(r.updated_at).toISOString() }]),
    );
  }

  async save(accountId: number, positions: Partial<Record<MarkerTimeline, number>>): Promise<Record<string, MarkerJson>> {
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      for (const [timeline, lastReadId] of Object.entries(positions)) {
        if (lastReadId === undefined) continue;
        await trx
          .insertInto('markers')
          .values({ account_id: accountId, timeline, last_read_id: lastReadId, version: 1, updated_at: now })
          .onConflict((oc) =>
            oc.columns(['account_id', 'timeline']).doUpdateSet((eb) => ({
              last_read_id: lastReadId,
              version: eb('markers.version', '+', 1),
              updated_at: now,
            })),
          )
          .execute();
      }
    });
    return this.get(accountId, Object.keys(positions));
  }
}
