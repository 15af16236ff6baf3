// The recipient's notification policy (Mastodon 4.3's NotificationPolicy and NotifyService's
// drop and filter conditions): for each kind of sender, accept, filter (held back, shown under
// notification requests) or drop (never stored). Asked as a notification is written.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { unprocessable } from '../http/errors.js';

type Db = Kysely<Database>;

export const POLICY_VALUES = ['accept', 'filter', 'drop'] as const;
export type PolicyValue = (typeof POLICY_VALUES)[number];
export const POLICY_KEYS = ['for_not_following', 'for_not_followers', 'for_new_accounts', 'for_private_mentions', 'for_limited_accounts'] as const;
export type PolicyKey = (typeof POLICY_KEYS)[number];
export type Policy = Record<PolicyKey, PolicyValue>;

/** Mastodon 4.3's defaults: unsolicited private mentions and limited accounts are filtered. */
export const DEFAULT_POLICY: Policy = {
  for_not_following: 'accept',
  for_not_followers: 'accept',
  for_new_accounts: 'accept',
  for_private_mentions: 'filter',
  for_limited_accounts: 'filter',
};

/** Types a policy may hold back (Mastodon's `filterable`); the rest (admin.*, poll, update…) always pass. */
const FILTERABLE_TYPES = new Set(['mention', 'status', 'reblog', 'follow', 'follow_request', 'favourite', 'quote']);
const STAFF_ROLES = new Set(['owner', 'admin', 'moderator']);
const NEW_ACCOUNT_MS = 30 * 86400_000;
const NEW_FOLLOWER_MS = 3 * 86400_000;
/** How far up a thread a reply is searched for the recipient's private mention of the sender. */
const THREAD_DEPTH = 100;

export async function findPolicy(db: Db, accountId: number): Promise<Policy> {
  const row = await db.selectFrom('notification_policies').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  if (!row) return { ...DEFAULT_POLICY };
  return Object.fromEntries(POLICY_KEYS.map((k) => [k, row[k] as PolicyValue])) as Policy;
}

/** Changes the keys given (each one of accept, filter, drop: else 422) and returns the whole policy. */
export async function savePolicy(db: Db, accountId: number, changes: Partial<Record<PolicyKey, string>>, now: number): Promise<Policy> {
  for (const key of POLICY_KEYS) {
    const value = changes[key];
    if (value !== undefined && !POLICY_VALUES.includes(value as PolicyValue)) {
      throw unprocessable(`Validation failed: ${key.replace(/_/g, ' ')} must be one of accept, filter, drop`);
    }
  }
  // Only the policy's own keys are taken from what the client sent (a body may carry anything).
  const policy = await findPolicy(db, accountId);
  for (const key of POLICY_KEYS) if (changes[key] !== undefined) policy[key] = changes[key] as PolicyValue;
  await db
    .insertInto('notification_policies')
    .values({ account_id: accountId, ...policy, updated_at: now })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ ...policy, updated_at: now }))
    .execute();
  return policy;
}

export type Decision = 'accept' | 'filter' | 'drop';

/**
 * What the recipient's policy does with this notification. Drop wins over filter; a sender
 * whose request was accepted, and staff writing to the recipient, always pass.
 */
export async function policyDecision(db: Db, n: { accountId: number; fromAccountId: number; type: string; statusId: number | null; now: number }): Promise<Decision> {
  if (!FILTERABLE_TYPES.has(n.type)) return 'accept';
  const policy = await findPolicy(db, n.accountId);
  // Only what the policy does not accept is asked about (a favourite under the defaults asks
  // only whether its sender is limited), and each fact is read once, when first needed.
  const asked = POLICY_KEYS.filter((k) => policy[k] !== 'accept' && (k !== 'for_private_mentions' || n.type === 'mention'));
  if (asked.length === 0) return 'accept';
  const sender = await db.selectFrom('accounts').select(['created_at', 'silenced_at', 'role']).where('id', '=', n.fromAccountId).executeTakeFirst();
  if (!sender) return 'accept';
  const once = <T>(read: () => Promise<T>) => {
    let value: Promise<T> | undefined;
    return () => (value ??= read());
  };
  const following = once(() => db.selectFrom('follows').select('created_at').where('account_id', '=', n.accountId).where('target_account_id', '=', n.fromAccountId).executeTakeFirst());
  const followedBy = once(() => db.selectFrom('follows').select('created_at').where('account_id', '=', n.fromAccountId).where('target_account_id', '=', n.accountId).executeTakeFirst());
  const notFollowing = async () => !(await following());
  const holds: Record<PolicyKey, () => Promise<boolean>> = {
    for_limited_accounts: async () => sender.silenced_at != null && (await notFollowing()),
    for_not_following: notFollowing,
    // A follower of less than three days counts as none (Mastodon: follow-then-spam).
    for_not_followers: async () => {
      const follow = await followedBy();
      return !follow || Number(follow.created_at) > n.now - NEW_FOLLOWER_MS;
    },
    for_new_accounts: async () => Number(sender.created_at) > n.now - NEW_ACCOUNT_MS && (await notFollowing()),
    for_private_mentions: async () => n.statusId !== null && (await notFollowing()) && (await unsolicitedPrivateMention(db, n.statusId, n.accountId, n.fromAccountId)),
  };
  let outcome: Decision = 'accept';
  for (const wanted of ['drop', 'filter'] as const) {
    for (const key of asked) {
      if (policy[key] === wanted && (await holds[key]())) {
        outcome = wanted;
        break;
      }
    }
    if (outcome !== 'accept') break;
  }
  if (outcome === 'accept') return 'accept';
  // A sender whose request was accepted, and staff writing to the account, always pass.
  if (n.type === 'mention' && STAFF_ROLES.has(sender.role)) return 'accept';
  const permitted = await db.selectFrom('notification_permissions').select('account_id').where('account_id', '=', n.accountId).where('from_account_id', '=', n.fromAccountId).executeTakeFirst();
  return permitted ? 'accept' : outcome;
}

/**
 * A direct status that does not answer, somewhere up its thread, the recipient's own private
 * mention of the sender.
 */
async function unsolicitedPrivateMention(db: Db, statusId: number, recipientId: number, senderId: number): Promise<boolean> {
  const status = await db.selectFrom('statuses').select(['visibility', 'in_reply_to_id']).where('id', '=', statusId).executeTakeFirst();
  if (!status || status.visibility !== 'direct') return false;
  let parentId = status.in_reply_to_id;
  for (let depth = 0; parentId !== null && depth < THREAD_DEPTH; depth++) {
    const parent = await db.selectFrom('statuses').select(['id', 'account_id', 'visibility', 'in_reply_to_id']).where('id', '=', parentId).executeTakeFirst();
    if (!parent) break;
    if (Number(parent.account_id) === recipientId && parent.visibility === 'direct') {
      const mentions = await db.selectFrom('status_mentions').select('account_id').where('status_id', '=', parent.id).where('account_id', '=', senderId).executeTakeFirst();
      if (mentions) return false;
    }
    parentId = parent.in_reply_to_id;
  }
  return true;
}
