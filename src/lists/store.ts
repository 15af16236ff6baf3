// Lists in the database: plain reads and writes. Writes take the unit of work's Tx and say
// `list.changed` for the owner, so list streams reload the list and, when an exclusive list's
// members move, the owner's cached home goes (timelines/fanout.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import type { Page } from '../http/pagination.js';
import type { RepliesPolicy } from '../visibility/organising.js';

type Db = Kysely<Database>;

export interface ListRecord {
  id: number;
  accountId: number;
  title: string;
  repliesPolicy: RepliesPolicy;
  exclusive: boolean;
}

export interface ListFields {
  title: string;
  repliesPolicy: RepliesPolicy;
  exclusive: boolean;
}

const recordOf = (r: { id: number; account_id: number; title: string; replies_policy: string; exclusive: number }): ListRecord => ({
  id: Number(r.id),
  accountId: Number(r.account_id),
  title: r.title,
  repliesPolicy: r.replies_policy as RepliesPolicy,
  exclusive: Number(r.exclusive) === 1,
});

/** The account's lists, oldest first (Mastodon orders them by id too; clients sort by title). */
export async function listsOf(db: Db, accountId: number): Promise<ListRecord[]> {
  return (await db.selectFrom('lists').selectAll().where('account_id', '=', accountId).orderBy('id').execute()).map(recordOf);
}

export async function countListsOf(db: Db, accountId: number): Promise<number> {
  const row = await db.selectFrom('lists').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The list, if the account owns it (another's list is as unknown as a missing one). */
export async function findList(db: Db, accountId: number, id: number): Promise<ListRecord | undefined> {
  const row = await db.selectFrom('lists').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return row && recordOf(row);
}

/** The viewer's lists that hold the account. */
export async function listsHolding(db: Db, ownerId: number, accountId: number): Promise<ListRecord[]> {
  const rows = await db
    .selectFrom('lists')
    .innerJoin('list_accounts', 'list_accounts.list_id', 'lists.id')
    .selectAll('lists')
    .where('lists.account_id', '=', ownerId)
    .where('list_accounts.account_id', '=', accountId)
    .orderBy('lists.id')
    .execute();
  return rows.map(recordOf);
}

export async function insertList(tx: Tx, id: number, accountId: number, fields: ListFields, now: number): Promise<void> {
  await tx
    .insertInto('lists')
    .values({ id, account_id: accountId, title: fields.title, replies_policy: fields.repliesPolicy, exclusive: fields.exclusive ? 1 : 0, created_at: now })
    .execute();
  tx.emit({ type: 'list.changed', accountId, listId: id, home: false });
}

export async function updateList(tx: Tx, list: ListRecord, fields: ListFields): Promise<void> {
  await tx
    .updateTable('lists')
    .set({ title: fields.title, replies_policy: fields.repliesPolicy, exclusive: fields.exclusive ? 1 : 0 })
    .where('id', '=', list.id)
    .where('account_id', '=', list.accountId)
    .execute();
  tx.emit({ type: 'list.changed', accountId: list.accountId, listId: list.id, home: fields.exclusive !== list.exclusive });
}

export async function deleteList(tx: Tx, list: ListRecord): Promise<void> {
  await tx.deleteFrom('list_accounts').where('list_id', '=', list.id).execute();
  await tx.deleteFrom('lists').where('id', '=', list.id).where('account_id', '=', list.accountId).execute();
  tx.emit({ type: 'list.changed', accountId: list.accountId, listId: list.id, home: list.exclusive });
}

/** Of these accounts, those already in the list. */
export async function membersAmong(db: Db, listId: number, accountIds: number[]): Promise<Set<number>> {
  if (accountIds.length === 0) return new Set();
  const rows = await db.selectFrom('list_accounts').select('account_id').where('list_id', '=', listId).where('account_id', 'in', accountIds).execute();
  return new Set(rows.map((r) => Number(r.account_id)));
}

export async function addMembers(tx: Tx, list: ListRecord, rows: { id: number; accountId: number }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('list_accounts')
    .values(rows.map((r) => ({ id: r.id, list_id: list.id, account_id: r.accountId })))
    .execute();
  tx.emit({ type: 'list.changed', accountId: list.accountId, listId: list.id, home: list.exclusive });
}

export async function removeMembers(tx: Tx, list: ListRecord, accountIds: number[]): Promise<void> {
  if (accountIds.length === 0) return;
  const result = await tx.deleteFrom('list_accounts').where('list_id', '=', list.id).where('account_id', 'in', accountIds).executeTakeFirst();
  if (Number(result.numDeletedRows) > 0) tx.emit({ type: 'list.changed', accountId: list.accountId, listId: list.id, home: list.exclusive });
}

/**
 * The owner no longer follows the account (unfollowed, blocked, removed as a follower): it
 * leaves every list of the owner's, as Mastodon's list_accounts go with their follow.
 */
export async function removeFromListsOf(tx: Tx, ownerId: number, accountId: number): Promise<void> {
  const lists = await listsHolding(tx, ownerId, accountId);
  for (const list of lists) await removeMembers(tx, list, [accountId]);
}

/** All the list's members' ids (the timeline and streams need them; members are followees). */
export async function memberIdsOf(db: Db, listId: number): Promise<number[]> {
  return (await db.selectFrom('list_accounts').select('account_id').where('list_id', '=', listId).execute()).map((r) => Number(r.account_id));
}

/** A page of the list's members, newest additions first; limit 0 = all of them. */
export async function memberPage(db: Db, listId: number, page: Page | 'all'): Promise<{ accountId: number; cursor: number }[]> {
  const query = db.selectFrom('list_accounts').select(['id', 'account_id']).where('list_id', '=', listId);
  const rows = page === 'all' ? await query.orderBy('id', 'desc').execute() : newestFirst(await applyKeyset(query, 'id', page).execute(), page);
  return rows.map((r) => ({ accountId: Number(r.account_id), cursor: Number(r.id) }));
}
