// The writes that start and end a follow or a follow request, each with everything that goes
// with it (counters, the notification), inside the caller's transaction. Following, unfollowing,
// authorizing, rejecting, removing a follower and unlocking an account are made of these.
import type { Tx } from '../db/unit-of-work.js';
import { deleteNotificationsFor, insertNotification } from '../notifications/store.js';
import * as store from './store.js';
import { removeFromListsOf } from '../lists/store.js';

/**
 * Both ends of a follow, counted in account-id order: each update locks its account row, and
 * A following B while B follows A would otherwise lock the two rows in opposite orders and
 * deadlock (PostgreSQL aborts one of them).
 */
async function adjustFollowCounters(tx: Tx, accountId: number, targetId: number, delta: number): Promise<void> {
  const changes = [
    { id: accountId, column: 'following_count' as const },
    { id: targetId, column: 'followers_count' as const },
  ].sort((a, b) => a.id - b.id);
  for (const { id, column } of changes) await store.adjustAccountCounter(tx, id, column, delta);
}

/**
 * `accountId` now follows `targetId`. Told with a `follow` notification when it followed
 * outright; an authorized request is not announced again (the request was).
 */
export async function startFollowing(tx: Tx, accountId: number, targetId: number, now: number, notify: boolean): Promise<boolean> {
  if (!(await store.insertFollow(tx, accountId, targetId, now))) return false;
  await adjustFollowCounters(tx, accountId, targetId, 1);
  if (notify) await insertNotification(tx, { accountId: targetId, fromAccountId: accountId, type: 'follow', statusId: null, now });
  return true;
}

/** `accountId` no longer follows `targetId` (unfollowed, or removed by them). */
export async function stopFollowing(tx: Tx, accountId: number, targetId: number): Promise<boolean> {
  if (!(await store.deleteFollow(tx, accountId, targetId))) return false;
  await adjustFollowCounters(tx, accountId, targetId, -1);
  await deleteNotificationsFor(tx, { fromAccountId: accountId, type: 'follow', accountId: targetId });
  // One endorses only whom one follows (Mastodon's Follow#remove_endorsements).
  await tx.deleteFrom('account_pins').where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
  // Lists hold only followed accounts (Mastodon's list_accounts go with their follow).
  await removeFromListsOf(tx, accountId, targetId);
  return true;
}

/** `accountId` asks to follow the locked `targetId`, who is told once. */
export async function askToFollow(tx: Tx, accountId: number, targetId: number, now: number): Promise<void> {
  if (await store.insertFollowRequest(tx, accountId, targetId, now)) {
    await insertNotification(tx, { accountId: targetId, fromAccountId: accountId, type: 'follow_request', statusId: null, now });
  }
}

/** The request is settled (withdrawn, authorized or rejected): it and its notification go. */
export async function settleRequest(tx: Tx, accountId: number, targetId: number): Promise<boolean> {
  if (!(await store.deleteFollowRequest(tx, accountId, targetId))) return false;
  await deleteNotificationsFor(tx, { fromAccountId: accountId, type: 'follow_request', accountId: targetId });
  return true;
}

/** Authorizes a waiting request: false when there was none. */
export async function authorizeRequest(tx: Tx, accountId: number, targetId: number, now: number): Promise<boolean> {
  if (!(await settleRequest(tx, accountId, targetId))) return false;
  await startFollowing(tx, accountId, targetId, now, false);
  return true;
}
