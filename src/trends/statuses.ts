// Trending posts (GET /api/v1/trends/statuses): public posts of the last two days ranked by
// favourites and boosts, decayed with age (as Mastodon's trends score engagement over time), so
// a post that is taking off now ranks above one that did yesterday. Suspended and silenced
// authors' posts never trend.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

const WINDOW_MS = 48 * 3600_000;
const CANDIDATES = 500;

export async function trendingStatusIds(db: Kysely<Database>, now: number, limit: number, offset: number): Promise<number[]> {
  const rows = await db
    .selectFrom('statuses')
    .innerJoin('accounts', 'accounts.id', 'statuses.account_id')
    .select(['statuses.id', 'statuses.created_at', 'statuses.favourites_count', 'statuses.reblogs_count'])
    .where('statuses.visibility', '=', 'public')
    .where('statuses.reblog_of_id', 'is', null)
    .where('statuses.created_at', '>=', now - WINDOW_MS)
    .where('accounts.suspended_at', 'is', null)
    .where('accounts.silenced_at', 'is', null)
    .where((eb) => eb(eb('statuses.favourites_count', '+', eb.ref('statuses.reblogs_count')), '>', 0))
    .orderBy((eb) => eb('statuses.favourites_count', '+', eb.ref('statuses.reblogs_count')), 'desc')
    .limit(CANDIDATES)
    .execute();
  const score = (r: (typeof rows)[number]) => {
    const hours = Math.max(now - Number(r.created_at), 0) / 3600_000;
    return (Number(r.favourites_count) + 2 * Number(r.reblogs_count)) / Math.pow(hours + 2, 1.5);
  };
  return rows
    .map((r) => ({ id: Number(r.id), score: score(r) }))
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(offset, offset + limit)
    .map((r) => r.id);
}
