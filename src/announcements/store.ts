// SQL of announcements, their per-account read state and their reactions (both backends).
import type { Kysely } from 'kysely';
import type { AnnouncementsTable, Database } from '../db/schema.js';
import type { Selectable } from 'kysely';

type Db = Kysely<Database>;
export type AnnouncementRow = Selectable<AnnouncementsTable>;

export interface ReactionCount {
  announcement_id: number;
  name: string;
  count: number;
  /** When the first of these reactions was made: reactions are listed in that order. */
  first: number;
}

/**
 * Published and not yet over, in Mastodon's chronological order (by when they start, else when
 * they were published).
 */
export async function activeAnnouncements(db: Db, now: number): Promise<AnnouncementRow[]> {
  const rows = await db
    .selectFrom('announcements')
    .selectAll()
    .where('published', '=', 1)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .execute();
  const key = (r: AnnouncementRow) => Number(r.starts_at ?? r.published_at ?? r.created_at);
  return rows.sort((a, b) => key(a) - key(b) || Number(a.id) - Number(b.id));
}

export function findAnnouncement(db: Db, id: number): Promise<AnnouncementRow | undefined> {
  return db.selectFrom('announcements').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function readIds(db: Db, accountId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('announcement_reads').select('announcement_id').where('account_id', '=', accountId).where('announcement_id', 'in', ids).execute();
  return new Set(rows.map((r) => Number(r.announcement_id)));
}

export async function reactionCounts(db: Db, ids: number[]): Promise<ReactionCount[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('announcement_reactions')
    .select((eb) => ['announcement_id', 'name', eb.fn.countAll<number | string>().as('count'), eb.fn.min('created_at').as('first')])
    .where('announcement_id', 'in', ids)
    .groupBy(['announcement_id', 'name'])
    .execute();
  return rows
    .map((r) => ({ announcement_id: Number(r.announcement_id), name: r.name, count: Number(r.count), first: Number(r.first) }))
    .sort((a, b) => a.first - b.first || (a.name < b.name ? -1 : 1));
}

export async function reactionsBy(db: Db, accountId: number, ids: number[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('announcement_reactions').select(['announcement_id', 'name']).where('account_id', '=', accountId).where('announcement_id', 'in', ids).execute();
  return new Set(rows.map((r) => `${r.announcement_id}:${r.name}`));
}

export async function reactionCount(db: Db, id: number, name: string): Promise<number> {
  const row = await db.selectFrom('announcement_reactions').select((eb) => eb.fn.countAll<number | string>().as('count')).where('announcement_id', '=', id).where('name', '=', name).executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function distinctReactionNames(db: Db, id: number): Promise<string[]> {
  const rows = await db.selectFrom('announcement_reactions').select('name').distinct().where('announcement_id', '=', id).execute();
  return rows.map((r) => r.name);
}

export async function deleteAnnouncement(db: Db, id: number): Promise<void> {
  await db.deleteFrom('announcement_reactions').where('announcement_id', '=', id).execute();
  await db.deleteFrom('announcement_reads').where('announcement_id', '=', id).execute();
  await db.deleteFrom('announcements').where('id', '=', id).execute();
}
