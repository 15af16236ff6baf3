// Grouped notifications (Mastodon 4.3, API v2): favourites and reblogs of one status, and
// follows, that come within a span of hours share a group key, `<type>[-<status>]-<hour>`; the
// hour is that of the group's first notification, and a group spans at most twelve hours.
// Every other notification is its own group, `ungrouped-<id>`.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const GROUPABLE_TYPES = ['favourite', 'follow', 'reblog'];
const HOUR_MS = 3600_000;
const MAX_GROUP_SPAN_HOURS = 12;

/** The key a new notification joins, or null for one that is never grouped. */
export async function groupKeyFor(db: Kysely<Database>, n: { accountId: number; type: string; statusId: number | null; now: number }): Promise<string | null> {
  if (!GROUPABLE_TYPES.includes(n.type)) return null;
  const prefix = n.type === 'follow' ? 'follow' : `${n.type}-${n.statusId}`;
  const hour = Math.floor(n.now / HOUR_MS);
  // Hours have the same number of digits for centuries, so the greatest key is the latest group.
  const latest = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.max('group_key').as('key'))
    .where('account_id', '=', n.accountId)
    .where('group_key', '>=', `${prefix}-`)
    .where('group_key', '<', `${prefix}.`)
    .executeTakeFirst();
  const previous = latest?.key ? Number(String(latest.key).slice(prefix.length + 1)) : NaN;
  const bucket = Number.isFinite(previous) && hour >= previous && hour < previous + MAX_GROUP_SPAN_HOURS ? previous : hour;
  return `${prefix}-${bucket}`;
}

/**
 * The key a notification is shown under: its stored key when its type may be grouped (all of
 * GROUPABLE_TYPES unless the client names fewer in grouped_types[]), else `ungrouped-<id>`.
 */
export function shownKey(row: { id: number; type: string; group_key: string | null }, groupedTypes: readonly string[]): string {
  return row.group_key !== null && groupedTypes.includes(row.type) ? row.group_key : `ungrouped-${row.id}`;
}
