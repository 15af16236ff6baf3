import { sql, type Kysely } from 'kysely';
import type { Database, NewStatus, StatusRow } from '../db/schema.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import type { Page } from '../http/pagination.js';
import { queryTemplate } from '../db/query-template.js';
import { recentVotes, votesOnStatuses } from '../polls/store.js';
import type { Tx } from '../db/unit-of-work.js';
import type { accountShownCondition } from '../visibility/sql.js';
import { removeStatusFromConversations } from '../conversations/store.js';

type Db = Kysely<Database>;

// Writes take the open transaction (a Tx) and record there the events they imply, published
// after commit (src/db/unit-of-work.ts).

export async function insertStatus(tx: Tx, status: NewStatus): Promise<void> {
  await tx.insertInto('statuses').values(status).execute();
  tx.emit({ type: 'status.created', statusId: status.id, accountId: status.account_id });
  // A reblog is also its author's mark on the original ("reblogged": true).
  if (status.reblog_of_id != null) tx.emit({ type: 'marks.changed', accountId: status.account_id });
}

export function findStatus(db: Db, id: number): Promise<StatusRow | undefined> {
  return db.selectFrom('statuses').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findStatusesByIds(db: Db, ids: number[]): Promise<StatusRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('statuses').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

export async function statusesInOrder(db: Db, ids: number[]): Promise<StatusRow[]> {
  const rows = await findStatusesByIds(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is StatusRow => !!r);
}

export function findReblog(db: Db, accountId: number, statusId: number): Promise<StatusRow | undefined> {
  return db.selectFrom('statuses').selectAll().where('account_id', '=', accountId).where('reblog_of_id', '=', statusId).executeTakeFirst();
}

export async function insertMentions(db: Db, statusId: number, accountIds: number[]): Promise<void> {
  if (accountIds.length) await db.insertInto('status_mentions').values(accountIds.map((account_id) => ({ status_id: statusId, account_id }))).execute();
}

export async function upsertTags(db: Db, tags: { name: string; key: string; id: number }[], now: number): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  // In key order: two posts bringing the same new tags in different orders would otherwise
  // each wait on the other's unique-index entry (a deadlock on PostgreSQL).
  for (const tag of [...tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    await db
      .insertInto('tags')
      .values({ id: tag.id, name: tag.name, name_key: tag.key, created_at: now })
      .onConflict((oc) => oc.column('name_key').doNothing())
      .execute();
  }
  if (tags.length) {
    const rows = await db.selectFrom('tags').select(['id', 'name_key']).where('name_key', 'in', tags.map((t) => t.key)).execute();
    for (const row of rows) ids.set(row.name_key, row.id);
  }
  return ids;
}

export async function insertStatusTags(db: Db, statusId: number, accountId: number, tagIds: number[], now: number): Promise<void> {
  if (tagIds.length) {
    await db.insertInto('status_tags').values(tagIds.map((tag_id) => ({ status_id: statusId, tag_id, account_id: accountId, created_at: now }))).execute();
  }
}

export async function adjustStatusCounter(
  tx: Tx,
  id: number,
  column: 'replies_count' | 'reblogs_count' | 'favourites_count',
  delta: number,
): Promise<void> {
  tx.emit({ type: 'status.changed', statusId: id });
  await tx.updateTable('statuses').set({ [column]: sql`${sql.ref(column)} + ${delta}` }).where('id', '=', id).execute();
}

/** Deletes one status row; false when it was already gone (another request deleted it first). */
export async function deleteStatusRow(tx: Tx, id: number): Promise<boolean> {
  const deleted = await tx.deleteFrom('statuses').where('id', '=', id).returning(['account_id', 'reblog_of_id', 'visibility']).executeTakeFirst();
  if (!deleted) return false;
  // Who could see it, so that its `delete` streams only to them (its mentions go later, in
  // deleteStatusCascade; they matter only when it was not public).
  const restricted = deleted.visibility === 'private' || deleted.visibility === 'direct';
  const mentionedIds = restricted ? (await mentionedAccountIds(tx, [id])).map((m) => m.account_id) : [];
  tx.emit({ type: 'status.deleted', statusId: id, accountId: deleted.account_id, visibility: deleted.visibility, mentionedIds });
  if (deleted.reblog_of_id !== null) tx.emit({ type: 'marks.changed', accountId: deleted.account_id });
  return true;
}

/**
 * Takes the status row's write lock for the rest of the transaction (a no-op update), so that
 * concurrent changes to the same status run one after the other and see each other's rows.
 * False when the status is gone (deleted by a request that got there first).
 */
export async function lockStatus(db: Db, id: number): Promise<boolean> {
  const result = await db.updateTable('statuses').set({ reblogs_count: sql`reblogs_count` }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Removes a status and everything that hangs off it; returns its reblogs, also removed. Marks on
 * it go without `marks.changed`: a deleted status is never shown again, marked or not.
 */
export async function deleteStatusCascade(tx: Tx, id: number): Promise<StatusRow[]> {
  const reblogs = await tx.selectFrom('statuses').selectAll().where('reblog_of_id', '=', id).execute();
  const ids = [id, ...reblogs.map((r) => r.id)];
  await tx.deleteFrom('favourites').where('status_id', 'in', ids).execute();
  await tx.deleteFrom('bookmarks').where('status_id', 'in', ids).execute();
  await tx.deleteFrom('status_pins').where('status_id', 'in', ids).execute();
  await tx.deleteFrom('status_mentions').where('status_id', 'in', ids).execute();
  await tx.deleteFrom('status_edits').where('status_id', 'in', ids).execute();
  await tx.deleteFrom('status_tags').where('status_id', 'in', ids).execute();
  await tx.deleteFrom('status_links').where('status_id', 'in', ids).execute();
  await tx.deleteFrom('notifications').where('status_id', 'in', ids).execute();
  await removeStatusFromConversations(tx, [id]);
  // Media goes with the post (media/store.ts, called by the service, which deletes the files
  // after commit): a deleted followers-only post's images must not stay reachable.
  await tx.deleteFrom('statuses').where('id', 'in', ids).execute();
  for (const reblog of reblogs) tx.emit({ type: 'status.deleted', statusId: reblog.id, accountId: reblog.account_id, visibility: reblog.visibility });
  return reblogs;
}

export async function mentionedAccountIds(db: Db, statusIds: number[]): Promise<{ status_id: number; account_id: number }[]> {
  if (statusIds.length === 0) return [];
  return db.selectFrom('status_mentions').select(['status_id', 'account_id']).where('status_id', 'in', statusIds).execute();
}

/** The mentions a status lists (not those an edit took out: they only keep their access). */
export async function listedMentions(db: Db, statusIds: number[]): Promise<{ status_id: number; account_id: number }[]> {
  if (statusIds.length === 0) return [];
  return db.selectFrom('status_mentions').select(['status_id', 'account_id']).where('status_id', 'in', statusIds).where('silent', '=', 0).execute();
}

export async function tagsOfStatuses(db: Db, statusIds: number[]) {
  if (statusIds.length === 0) return [];
  return db
    .selectFrom('status_tags')
    .innerJoin('tags', 'tags.id', 'status_tags.tag_id')
    .select(['status_tags.status_id', 'tags.name', 'tags.name_key'])
    .where('status_tags.status_id', 'in', statusIds)
    .execute();
}

export interface ViewerMarks {
  favourited: Set<number>;
  bookmarked: Set<number>;
  reblogged: Set<number>;
  /** Every conversation the viewer muted (a status shows `muted` when its conversation is here). */
  mutedConversations: Set<number>;
  /** The viewer's choices in polls, by the poll's status id (polls/). */
  pollVotes: Map<number, number[]>;
  /** Every status the viewer pinned (five at most, all their own): `pinned` on their own statuses. */
  pinned: Set<number>;
  /** Whose marks these are: `pinned` is shown on their own pinnable statuses only, as Mastodon does. */
  viewerId?: number;
}

// Compiled once per page size: Kysely's building and compiling of this query (three IN lists,
// ~60 parameters) cost more than SQLite takes to run it.
const marksQuery = queryTemplate((db: Db, { viewer, ids }: { viewer: number; ids: number[] }) =>
  db
    .selectFrom('favourites')
    .select([sql<string>`'f'`.as('kind'), 'status_id'])
    .where('account_id', '=', viewer)
    .where('status_id', 'in', ids)
    .unionAll(db.selectFrom('bookmarks').select([sql<string>`'b'`.as('kind'), 'status_id']).where('account_id', '=', viewer).where('status_id', 'in', ids))
    .unionAll(
      db
        .selectFrom('statuses')
        .select([sql<string>`'r'`.as('kind'), sql<number>`reblog_of_id`.as('status_id')])
        .where('account_id', '=', viewer)
        .where('reblog_of_id', 'in', ids),
    ),
);

export function noMarks(): ViewerMarks {
  return { favourited: new Set(), bookmarked: new Set(), reblogged: new Set(), mutedConversations: new Set(), pollVotes: new Map(), pinned: new Set() };
}

/** Which of these statuses the viewer has favourited, bookmarked or reblogged: one query. */
export async function viewerMarks(db: Db, accountId: number, statusIds: number[]): Promise<ViewerMarks> {
  const marks = noMarks();
  if (statusIds.length === 0) return marks;
  const [rows, muted, votes, pinned] = await Promise.all([marksQuery(db, { viewer: accountId, ids: statusIds }), mutedConversationsOf(db, accountId), votesOnStatuses(db, accountId, statusIds), pinnedStatusIdsOf(db, accountId)]);
  marks.mutedConversations = muted;
  marks.pollVotes = votes;
  marks.pinned = pinned;
  marks.viewerId = accountId;
  for (const row of rows) (row.kind === 'f' ? marks.favourited : row.kind === 'b' ? marks.bookmarked : marks.reblogged).add(Number(row.status_id));
  return marks;
}

/**
 * The viewer's newest marks, at most `limit` of each kind, and the horizon (a status id) from
 * which they are complete: every mark on a status at or after it is among them. With fewer than
 * `limit` of every kind the horizon is 0 and nothing needs asking again. Reblogs are taken
 * newest first by their own id: a reblog is newer than what it reblogs, so any reblog left out
 * is of a status older than the oldest one taken.
 */
export async function recentMarks(db: Db, accountId: number, limit: number): Promise<{ horizon: number; marks: ViewerMarks }> {
  const newest = (table: 'favourites' | 'bookmarks') =>
    db.selectFrom(table).select('status_id').where('account_id', '=', accountId).orderBy('status_id', 'desc').limit(limit).execute();
  const [favourites, bookmarks, reblogs, mutedConversations, votes, pinned] = await Promise.all([
    newest('favourites'),
    newest('bookmarks'),
    db
      .selectFrom('statuses')
      .select(['id', 'reblog_of_id'])
      .where('account_id', '=', accountId)
      .where('reblog_of_id', 'is not', null)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute(),
    mutedConversationsOf(db, accountId),
    recentVotes(db, accountId, limit),
    pinnedStatusIdsOf(db, accountId),
  ]);
  const horizonOf = (ids: number[]) => (ids.length < limit ? 0 : Number(ids[ids.length - 1]));
  return {
    horizon: Math.max(horizonOf(favourites.map((r) => r.status_id)), horizonOf(bookmarks.map((r) => r.status_id)), horizonOf(reblogs.map((r) => r.id)), votes.horizon),
    marks: {
      favourited: new Set(favourites.map((r) => Number(r.status_id))),
      bookmarked: new Set(bookmarks.map((r) => Number(r.status_id))),
      reblogged: new Set(reblogs.map((r) => Number(r.reblog_of_id))),
      mutedConversations,
      pollVotes: votes.votes,
      pinned,
      viewerId: accountId,
    },
  };
}

/** The statuses the account pinned (a handful), loaded whole with its marks like muted conversations. */
async function pinnedStatusIdsOf(db: Db, accountId: number): Promise<Set<number>> {
  const rows = await db.selectFrom('status_pins').select('status_id').where('account_id', '=', accountId).execute();
  return new Set(rows.map((r) => Number(r.status_id)));
}

/**
 * Every conversation the account muted (few: one mutes a thread by hand), loaded whole with the
 * viewer's marks so that any status's `muted` is known from its conversation id.
 */
async function mutedConversationsOf(db: Db, accountId: number): Promise<Set<number>> {
  const rows = await db.selectFrom('conversation_mutes').select('conversation_id').where('account_id', '=', accountId).limit(10_000).execute();
  return new Set(rows.map((r) => Number(r.conversation_id)));
}

/** The conversation a status belongs to: the first post of its thread (its own id if it starts one). */
export function conversationOf(row: Pick<StatusRow, 'id' | 'conversation_id'>): number {
  return row.conversation_id === null ? row.id : Number(row.conversation_id);
}

export async function insertMark(tx: Tx, table: 'favourites' | 'bookmarks', row: { id: number; account_id: number; status_id: number; created_at: number }): Promise<boolean> {
  const result = await tx
    .insertInto(table)
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing())
    .executeTakeFirst();
  const inserted = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  if (inserted) tx.emit({ type: 'marks.changed', accountId: row.account_id });
  return inserted;
}

export async function deleteMark(tx: Tx, table: 'favourites' | 'bookmarks', accountId: number, statusId: number): Promise<boolean> {
  const result = await tx.deleteFrom(table).where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst();
  const deleted = Number(result.numDeletedRows) > 0;
  if (deleted) tx.emit({ type: 'marks.changed', accountId });
  return deleted;
}

/** The viewer's favourites or bookmarks, newest first; the cursor is the mark's own id. */
export async function markPage(db: Db, table: 'favourites' | 'bookmarks', accountId: number, page: Page) {
  const q = db.selectFrom(table).select(['id', 'status_id']).where('account_id', '=', accountId);
  return newestFirst(await applyKeyset(q, 'id', page).execute(), page);
}

/** `shown`: which accounts may be listed (visibility/sql.ts accountShownCondition), so pages stay full. */
export async function markersOfStatus(db: Db, table: 'favourites' | 'bookmarks', statusId: number, page: Page, shown?: ReturnType<typeof accountShownCondition>) {
  let q = db.selectFrom(table).select(['id', 'account_id']).where('status_id', '=', statusId);
  if (shown) q = q.where(shown);
  return newestFirst(await applyKeyset(q, 'id', page).execute(), page);
}

export async function rebloggersOfStatus(db: Db, statusId: number, page: Page, shown?: ReturnType<typeof accountShownCondition>) {
  let q = db.selectFrom('statuses').select(['id', 'account_id']).where('reblog_of_id', '=', statusId);
  if (shown) q = q.where(shown);
  return newestFirst(await applyKeyset(q, 'id', page).execute(), page);
}

export async function repliesTo(db: Db, parentIds: number[]): Promise<StatusRow[]> {
  if (parentIds.length === 0) return [];
  return db.selectFrom('statuses').selectAll().where('in_reply_to_id', 'in', parentIds).orderBy('id', 'asc').limit(500).execute();
}

export function findIdempotentStatus(db: Db, accountId: number, key: string) {
  return db.selectFrom('idempotency_keys').select('status_id').where('account_id', '=', accountId).where('key', '=', key).executeTakeFirst();
}

export async function insertIdempotencyKey(db: Db, accountId: number, key: string, statusId: number, now: number): Promise<void> {
  await db.insertInto('idempotency_keys').values({ account_id: accountId, key, status_id: statusId, created_at: now }).execute();
}

/** Of these statuses, the ones that mention the account. */
export async function statusesMentioning(db: Db, accountId: number, statusIds: number[]): Promise<Set<number>> {
  if (statusIds.length === 0) return new Set();
  const rows = await db.selectFrom('status_mentions').select('status_id').where('account_id', '=', accountId).where('status_id', 'in', statusIds).execute();
  return new Set(rows.map((r) => Number(r.status_id)));
}
