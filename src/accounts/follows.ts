// Who follows whom, as the rest of the app asks it. The follows table is read only here (and in
// accounts/store.ts, which writes it and pages it): visibility, timelines and streaming ask
// through these functions, so follow requests and blocks (later issues) change one place.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { followingIdsAmong } from './store.js';

type Db = Kysely<Database>;

/** The accounts `accountId` follows. */
export async function followedIdsOf(db: Db, accountId: number): Promise<number[]> {
  const rows = await followedIdsQuery(db, accountId).execute();
  return rows.map((r) => r.target_account_id);
}

/** The accounts that follow `accountId`. */
export async function followerIdsOf(db: Db, accountId: number): Promise<number[]> {
  const rows = await followerIdsQuery(db, accountId).execute();
  return rows.map((r) => r.account_id);
}

/** Everyone who follows any of these accounts, each once. */
export async function followerIdsOfAny(db: Db, accountIds: number[]): Promise<number[]> {
  if (accountIds.length === 0) return [];
  const rows = await db.selectFrom('follows').select('account_id').distinct().where('target_account_id', 'in', accountIds).execute();
  return rows.map((r) => Number(r.account_id));
}

export async function isFollowing(db: Db, accountId: number, targetId: number): Promise<boolean> {
  return (await followingIdsAmong(db, accountId, [targetId])).has(targetId);
}

/** Of these accounts, the ones `accountId` follows that are not suspended. */
export async function followedActiveAmong(db: Db, accountId: number, targetIds: number[]): Promise<number[]> {
  if (targetIds.length === 0) return [];
  const rows = await followedActiveIdsQuery(db, accountId).where('follows.target_account_id', 'in', targetIds).execute();
  return rows.map((r) => r.target_account_id);
}

/**
 * Which of `targetIds` the author, and (with `followers`) each follower of the author, follows:
 * what fan-out needs to apply the home rule to everyone a post may reach (do they follow the
 * account replied to, the author of a reblogged post) in one query, bounded by the author's
 * followers. Keyed by target.
 */
export async function followsOfAudience(db: Db, authorId: number, targetIds: number[], followers: boolean): Promise<Map<number, Set<number>>> {
  const byTarget = new Map<number, Set<number>>(targetIds.map((id) => [id, new Set<number>()]));
  if (targetIds.length === 0) return byTarget;
  const rows = await db
    .selectFrom('follows')
    .select(['account_id', 'target_account_id'])
    .where('target_account_id', 'in', targetIds)
    .where((eb) => (followers ? eb.or([eb('account_id', '=', authorId), eb('account_id', 'in', followerIdsQuery(db, authorId))]) : eb('account_id', '=', authorId)))
    .execute();
  for (const row of rows) byTarget.get(row.target_account_id)?.add(row.account_id);
  return byTarget;
}

// --- subqueries, for SQL that filters by follows without loading them (visibility/sql.ts) ---

/** select target_account_id: whom `accountId` follows (walks the (account_id, target) key). */
export function followedIdsQuery(db: Db, accountId: number) {
  return db.selectFrom('follows').select('target_account_id').where('account_id', '=', accountId);
}

/** Whom `accountId` follows, leaving out suspended accounts (whose posts show nowhere). */
export function followedActiveIdsQuery(db: Db, accountId: number) {
  return db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', 'follows.target_account_id')
    .select('follows.target_account_id')
    .where('follows.account_id', '=', accountId)
    .where('accounts.suspended_at', 'is', null);
}

/** select account_id: who follows `accountId` (walks the (target, account_id) index). */
export function followerIdsQuery(db: Db, accountId: number) {
  return db.selectFrom('follows').select('account_id').where('target_account_id', '=', accountId);
}
