import { sql, type Kysely } from 'kysely';
import { blockedEitherWayQuery } from './blocks.js';
import type { AccountRow, AccountUpdate, Database, NewAccount } from '../db/schema.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';
import type { Tx } from '../db/unit-of-work.js';

type Db = Kysely<Database>;

export function findAccountById(db: Db, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAccountsByIds(db: Db, ids: number[]): Promise<AccountRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('accounts').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

export function findAccountByUsername(db: Db, username: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('username_key', '=', username.toLowerCase()).executeTakeFirst();
}

export function findAccountsByUsernames(db: Db, usernames: string[]): Promise<AccountRow[]> {
  if (usernames.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('username_key', 'in', usernames.map((u) => u.toLowerCase()))
    .where('suspended_at', 'is', null)
    .execute();
}

export function findAccountByLogin(db: Db, login: string): Promise<AccountRow | undefined> {
  const key = login.trim().toLowerCase();
  return db
    .selectFrom('accounts')
    .selectAll()
    .where((eb) => eb.or([eb('email', '=', key), eb('username_key', '=', key)]))
    .executeTakeFirst();
}

export async function countAccounts(db: Db): Promise<number> {
  const row = await db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertAccount(db: Db, account: NewAccount): Promise<void> {
  await db.insertInto('accounts').values(account).execute();
}

// Writes that change what an account shows take the open transaction (a Tx) and record the
// events they imply, published after commit (src/db/unit-of-work.ts).

export async function updateAccount(tx: Tx, id: number, changes: AccountUpdate): Promise<void> {
  await tx.updateTable('accounts').set(changes).where('id', '=', id).execute();
  tx.emit({ type: 'account.changed', accountId: id });
}

export async function adjustAccountCounter(
  tx: Tx,
  id: number,
  column: 'followers_count' | 'following_count' | 'statuses_count',
  delta: number,
): Promise<void> {
  tx.emit({ type: 'account.changed', accountId: id });
  await tx
    .updateTable('accounts')
    .set({ [column]: sql`${sql.ref(column)} + ${delta}` })
    .where('id', '=', id)
    .execute();
}

/** The account posted at `at` (shown as its last_status_at). */
export async function touchLastStatus(tx: Tx, id: number, at: number): Promise<void> {
  await tx.updateTable('accounts').set({ last_status_at: at }).where('id', '=', id).execute();
  tx.emit({ type: 'account.changed', accountId: id });
}

/** `hiddenFrom`: a viewer whose blocks either way leave accounts out (in SQL, so pages stay full). */
export function searchAccountRows(db: Db, needle: string, limit: number, offset: number, hiddenFrom?: number): Promise<AccountRow[]> {
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('suspended_at', 'is', null)
    .$if(hiddenFrom !== undefined, (q) => q.where('accounts.id', 'not in', blockedEitherWayQuery(db, hiddenFrom!)))
    // Sign-ups waiting for approval are nobody to find yet.
    .where('approved', '=', 1)
    .where(sql<boolean>`search_text like ${pattern} escape '\\'`)
    // Exact username first, then the most followed.
    .orderBy(sql`case when username_key = ${needle} then 0 else 1 end`)
    .orderBy('followers_count', 'desc')
    .orderBy('id', 'asc')
    .limit(limit)
    .offset(offset)
    .execute();
}

// --- follows ---

export async function insertFollow(tx: Tx, accountId: number, targetId: number, now: number): Promise<boolean> {
  const result = await tx
    .insertInto('follows')
    .values({ id: newId(now), account_id: accountId, target_account_id: targetId, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
    .executeTakeFirst();
  const inserted = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  if (inserted) tx.emit({ type: 'follow.changed', accountId, targetAccountId: targetId, following: true });
  return inserted;
}

export async function deleteFollow(tx: Tx, accountId: number, targetId: number): Promise<boolean> {
  const result = await tx
    .deleteFrom('follows')
    .where('account_id', '=', accountId)
    .where('target_account_id', '=', targetId)
    .executeTakeFirst();
  const deleted = Number(result.numDeletedRows) > 0;
  if (deleted) tx.emit({ type: 'follow.changed', accountId, targetAccountId: targetId, following: false });
  return deleted;
}

export async function followingIdsAmong(db: Db, accountId: number, targetIds: number[]): Promise<Set<number>> {
  if (targetIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('follows')
    .select('target_account_id')
    .where('account_id', '=', accountId)
    .where('target_account_id', 'in', targetIds)
    .execute();
  return new Set(rows.map((r) => r.target_account_id));
}

export async function followerIdsAmong(db: Db, accountId: number, sourceIds: number[]): Promise<Set<number>> {
  if (sourceIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('follows')
    .select('account_id')
    .where('target_account_id', '=', accountId)
    .where('account_id', 'in', sourceIds)
    .execute();
  return new Set(rows.map((r) => r.account_id));
}

/** Followers or followees, newest follow first; the page cursor is the follow's own id. */
export async function followPage(
  db: Db,
  accountId: number,
  direction: 'followers' | 'following',
  page: Page,
): Promise<{ accountId: number; cursor: number }[]> {
  const [own, other] = direction === 'followers' ? (['target_account_id', 'account_id'] as const) : (['account_id', 'target_account_id'] as const);
  const query = db
    .selectFrom('follows')
    .select([`${other} as other_id`, 'id'])
    .where(own, '=', accountId);
  const rows = await applyKeyset(query, 'id', page).execute();
  return newestFirst(rows, page).map((r) => ({ accountId: Number(r.other_id), cursor: Number(r.id) }));
}

/** Of these accounts, the suspended ones (whose posts show nowhere). */
export async function suspendedIdsAmong(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('accounts').select('id').where('id', 'in', [...new Set(ids)]).where('suspended_at', 'is not', null).execute();
  return new Set(rows.map((r) => r.id));
}

/** Of these accounts, the silenced ones (whose posts reach only their followers). */
export async function silencedIdsAmong(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('accounts').select('id').where('id', 'in', [...new Set(ids)]).where('silenced_at', 'is not', null).execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/**
 * Suspends (`at` a time) or unsuspends (`at` null) those of the accounts not in that state yet,
 * in one statement, and answers which changed. Every process then closes their streams, forgets
 * their cached tokens and stops (or starts again) showing their posts (`accounts.suspended` /
 * `accounts.unsuspended`, one event for the whole batch). Nothing of theirs is deleted.
 */
export async function setSuspended(tx: Tx, ids: number[], at: number | null): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .updateTable('accounts')
    .set({ suspended_at: at })
    .where('id', 'in', [...new Set(ids)])
    .where('suspended_at', at === null ? 'is not' : 'is', null)
    .returning('id')
    .execute();
  const changed = rows.map((r) => Number(r.id));
  if (changed.length) tx.emit({ type: at === null ? 'accounts.unsuspended' : 'accounts.suspended', accountIds: changed });
  return changed;
}

// --- follow requests (a locked account's followers-to-be; not follows until authorized) ---

/** Asks to follow; false when the same request already waits. */
export async function insertFollowRequest(tx: Tx, accountId: number, targetId: number, now: number): Promise<boolean> {
  const result = await tx
    .insertInto('follow_requests')
    .values({ id: newId(now), account_id: accountId, target_account_id: targetId, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Withdraws, authorizes or rejects a request: false when there was none (or a concurrent call took it). */
export async function deleteFollowRequest(tx: Tx, accountId: number, targetId: number): Promise<boolean> {
  const result = await tx.deleteFrom('follow_requests').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Of these accounts, the ones `accountId` has asked to follow (relationship.requested). */
export async function requestedIdsAmong(db: Db, accountId: number, targetIds: number[]): Promise<Set<number>> {
  if (targetIds.length === 0) return new Set();
  const rows = await db.selectFrom('follow_requests').select('target_account_id').where('account_id', '=', accountId).where('target_account_id', 'in', targetIds).execute();
  return new Set(rows.map((r) => Number(r.target_account_id)));
}

/** Of these accounts, the ones asking to follow `accountId` (relationship.requested_by). */
export async function requesterIdsAmong(db: Db, accountId: number, sourceIds: number[]): Promise<Set<number>> {
  if (sourceIds.length === 0) return new Set();
  const rows = await db.selectFrom('follow_requests').select('account_id').where('target_account_id', '=', accountId).where('account_id', 'in', sourceIds).execute();
  return new Set(rows.map((r) => Number(r.account_id)));
}

/** The requests waiting for `accountId`, newest first; the page cursor is the request's id. */
export async function followRequestPage(db: Db, accountId: number, page: Page): Promise<{ accountId: number; cursor: number }[]> {
  const query = db.selectFrom('follow_requests').select(['account_id', 'id']).where('target_account_id', '=', accountId);
  const rows = await applyKeyset(query, 'id', page).execute();
  return newestFirst(rows, page).map((r) => ({ accountId: Number(r.account_id), cursor: Number(r.id) }));
}

/** Everyone asking to follow `accountId` (an unlocked account lets them all in). */
export async function requesterIdsOf(db: Db, accountId: number): Promise<number[]> {
  const rows = await db.selectFrom('follow_requests').select('account_id').where('target_account_id', '=', accountId).orderBy('id').execute();
  return rows.map((r) => Number(r.account_id));
}

export async function countFollowRequests(db: Db, accountId: number): Promise<number> {
  const row = await db.selectFrom('follow_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('target_account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(row.n);
}
