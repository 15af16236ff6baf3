// Who follows whom, as the rest of the app asks it. The follows table is read only here (and in
// accounts/store.ts, which writes it and pages it): visibility, timelines and streaming ask
// through these functions, so follow requests and blocks (later issues) change one place.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { followingIdsAmong } from './store.js';
import type { accountShownCondition } from '../visibility/sql.js';

type AccountShown = ReturnType<typeof accountShownCondition>;

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

/** Of the accounts the viewer follows, those who follow `targetId` (familiar followers). */
/** `shown`: which accounts may be listed (visibility/sql.ts accountShownCondition). */
export async function familiarFollowerIds(db: Db, viewerId: number, targetId: number, limit: number, shown?: AccountShown): Promise<number[]> {
  let query = db
    .selectFrom('follows as mine')
    .innerJoin('follows as theirs', 'theirs.account_id', 'mine.target_account_id')
    .innerJoin('accounts', 'accounts.id', 'mine.target_account_id')
    .select('mine.target_account_id as id')
    .where('mine.account_id', '=', viewerId)
    .where('theirs.target_account_id', '=', targetId)
    .where('accounts.suspended_at', 'is', null)
    .orderBy('mine.id', 'desc')
    .limit(limit);
  if (shown) query = query.where(shown);
  const rows = await query.execute();
  return rows.map((r) => Number(r.id));
}

/**
 * Accounts to suggest following: those most followed by the accounts the viewer follows (friends
 * of friends), then the most followed of all; never the viewer, someone they follow already, a
 * suspended or a non-discoverable account.
 */
export async function suggestedAccountIds(db: Db, viewerId: number, limit: number, shown?: AccountShown): Promise<{ id: number; source: 'friends_of_friends' | 'global' }[]> {
  const followed = followedIdsQuery(db, viewerId);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- used in two queries of different tables
  const eligible = (eb: any) =>
    eb.and([eb('accounts.id', '<>', viewerId), eb('accounts.id', 'not in', followed), eb('accounts.suspended_at', 'is', null), eb('accounts.discoverable', '=', 1), ...(shown ? [shown(eb)] : [])]);
  const friends = await db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', 'follows.target_account_id')
    .select(['follows.target_account_id as id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('follows.account_id', 'in', followed)
    .where(eligible)
    .groupBy('follows.target_account_id')
    .orderBy('n', 'desc')
    .orderBy('follows.target_account_id', 'desc')
    .limit(limit)
    .execute();
  const out: { id: number; source: 'friends_of_friends' | 'global' }[] = friends.map((r) => ({ id: Number(r.id), source: 'friends_of_friends' }));
  if (out.length < limit) {
    const popular = await db
      .selectFrom('accounts')
      .select('accounts.id')
      .where(eligible)
      .where('accounts.followers_count', '>', 0)
      .orderBy('accounts.followers_count', 'desc')
      .orderBy('accounts.id', 'desc')
      .limit(limit * 2)
      .execute();
    for (const r of popular) if (out.length < limit && !out.some((o) => o.id === Number(r.id))) out.push({ id: Number(r.id), source: 'global' });
  }
  return out;
}
