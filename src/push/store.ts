// Web Push storage: subscriptions (one per access token) and the server's VAPID keys.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

export const ALERT_TYPES = ['mention', 'status', 'reblog', 'follow', 'follow_request', 'favourite', 'poll', 'update', 'admin.sign_up', 'admin.report'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export const POLICIES = ['all', 'followed', 'follower', 'none'] as const;
export type Policy = (typeof POLICIES)[number];
export type Alerts = Record<AlertType, boolean>;

export interface PushSubscription {
  id: number;
  tokenId: number;
  accountId: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  standard: boolean;
  alerts: Alerts;
  policy: Policy;
}

type Row = Database['push_subscriptions'];

function fromRow(row: Row): PushSubscription {
  const stored = JSON.parse(row.alerts) as Partial<Alerts>;
  const alerts = Object.fromEntries(ALERT_TYPES.map((t) => [t, stored[t] === true])) as Alerts;
  return {
    id: Number(row.id),
    tokenId: Number(row.token_id),
    accountId: Number(row.account_id),
    endpoint: row.endpoint,
    p256dh: row.key_p256dh,
    auth: row.key_auth,
    standard: row.standard === 1,
    alerts,
    policy: row.policy as Policy,
  };
}

/** Replaces the token's subscription (Mastodon: a new POST starts over). */
export async function saveSubscription(db: Db, sub: PushSubscription, now: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('push_subscriptions').where('token_id', '=', sub.tokenId).execute();
    await tx
      .insertInto('push_subscriptions')
      .values({
        id: sub.id,
        token_id: sub.tokenId,
        account_id: sub.accountId,
        endpoint: sub.endpoint,
        key_p256dh: sub.p256dh,
        key_auth: sub.auth,
        standard: sub.standard ? 1 : 0,
        alerts: JSON.stringify(sub.alerts),
        policy: sub.policy,
        created_at: now,
      })
      .execute();
  });
}

export async function updateSubscriptionData(db: Db, tokenId: number, alerts: Alerts, policy: Policy): Promise<void> {
  await db.updateTable('push_subscriptions').set({ alerts: JSON.stringify(alerts), policy }).where('token_id', '=', tokenId).execute();
}

export async function findSubscriptionByToken(db: Db, tokenId: number): Promise<PushSubscription | undefined> {
  const row = await db.selectFrom('push_subscriptions').selectAll().where('token_id', '=', tokenId).executeTakeFirst();
  return row && fromRow(row);
}

export async function deleteSubscriptionByToken(db: Db, tokenId: number): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('token_id', '=', tokenId).execute();
}

export async function deleteSubscription(db: Db, id: number): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('id', '=', id).execute();
}

/** The account's subscriptions whose tokens still work (a revoked token's subscription is dead). */
export async function liveSubscriptionsOf(db: Db, accountId: number): Promise<PushSubscription[]> {
  const rows = await db
    .selectFrom('push_subscriptions')
    .innerJoin('tokens', 'tokens.id', 'push_subscriptions.token_id')
    .selectAll('push_subscriptions')
    .where('push_subscriptions.account_id', '=', accountId)
    .where('tokens.revoked_at', 'is', null)
    .execute();
  return rows.map(fromRow);
}

/** The server's VAPID keys: made once by whichever process starts first, then read by all. */
export async function vapidKeys(db: Db, generate: () => { publicKey: string; privateKey: string }, now: number): Promise<{ publicKey: string; privateKey: string }> {
  const existing = await db.selectFrom('push_vapid_keys').selectAll().where('id', '=', 1).executeTakeFirst();
  if (existing) return { publicKey: existing.public_key, privateKey: existing.private_key };
  const fresh = generate();
  await db
    .insertInto('push_vapid_keys')
    .values({ id: 1, public_key: fresh.publicKey, private_key: fresh.privateKey, created_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db.selectFrom('push_vapid_keys').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return { publicKey: row.public_key, privateKey: row.private_key };
}
