// Notification requests (Mastodon 4.3): a sender's mentions held back by the recipient's policy,
// one request per sender, until the recipient accepts (the held-back notifications join the
// others, and the sender is never filtered again) or dismisses it.
import type { Kysely, Selectable } from 'kysely';
import type { Database, NotificationRequestsTable } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';
import type { Page } from '../http/pagination.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import { newId } from '../lib/ids.js';
import { addStatusToConversation } from '../conversations/store.js';

type Db = Kysely<Database>;
export type NotificationRequestRow = Selectable<NotificationRequestsTable>;
/** Mastodon counts pending requests and notifications only so far. */
export const MEANINGFUL_COUNT = 100;

/** A held-back mention: the sender's request is made, or brought up to date. */
export async function fileRequest(tx: Tx, accountId: number, fromAccountId: number, statusId: number | null, now: number): Promise<void> {
  await tx
    .insertInto('notification_requests')
    .values({ id: newId(now), account_id: accountId, from_account_id: fromAccountId, last_status_id: statusId, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'from_account_id']).doUpdateSet({ last_status_id: statusId, updated_at: now }))
    .execute();
}

export async function requestPage(db: Db, accountId: number, page: Page): Promise<NotificationRequestRow[]> {
  const q = db.selectFrom('notification_requests').selectAll().where('account_id', '=', accountId);
  return newestFirst(await applyKeyset(q, 'id', page).execute(), page);
}

export function findRequests(db: Db, accountId: number, ids: number[]): Promise<NotificationRequestRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('notification_requests').selectAll().where('account_id', '=', accountId).where('id', 'in', ids).execute();
}

/** Held-back notifications per sender (each count capped as Mastodon's). */
export async function filteredCounts(db: Db, accountId: number, fromAccountIds: number[]): Promise<Map<number, number>> {
  if (fromAccountIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notifications')
    .select(['from_account_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId)
    .where('from_account_id', 'in', fromAccountIds)
    .where('filtered', '=', 1)
    .groupBy('from_account_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.from_account_id), Math.min(Number(r.n), MEANINGFUL_COUNT)]));
}

/** The policy's summary: pending requests and held-back notifications, both capped. */
export async function pendingSummary(db: Db, accountId: number) {
  const requests = await db.selectFrom('notification_requests').select('from_account_id').where('account_id', '=', accountId).limit(MEANINGFUL_COUNT).execute();
  const counts = await filteredCounts(db, accountId, requests.map((r) => Number(r.from_account_id)));
  return { pending_requests_count: requests.length, pending_notifications_count: [...counts.values()].reduce((a, b) => a + b, 0) };
}

/**
 * Accepts the requests: their senders are permitted from now on, their held-back notifications
 * join the others (direct mentions land in conversations too), and the requests go.
 */
export async function acceptRequests(tx: Tx, accountId: number, requests: NotificationRequestRow[], now: number): Promise<void> {
  for (const request of requests) {
    const fromAccountId = Number(request.from_account_id);
    await tx
      .insertInto('notification_permissions')
      .values({ account_id: accountId, from_account_id: fromAccountId, created_at: now })
      .onConflict((oc) => oc.columns(['account_id', 'from_account_id']).doNothing())
      .execute();
    const held = await tx.selectFrom('notifications').select(['id', 'type', 'status_id']).where('account_id', '=', accountId).where('from_account_id', '=', fromAccountId).where('filtered', '=', 1).execute();
    await tx.updateTable('notifications').set({ filtered: 0 }).where('account_id', '=', accountId).where('from_account_id', '=', fromAccountId).where('filtered', '=', 1).execute();
    for (const n of held) if (n.type === 'mention' && n.status_id !== null) await addStatusToConversation(tx, accountId, Number(n.status_id), now);
    await tx.deleteFrom('notification_requests').where('id', '=', request.id).execute();
  }
  if (requests.length) tx.emit({ type: 'notifications.merged', accountId });
}

/** Dismisses the requests: they go; what they held stays held back (seen only with include_filtered). */
export async function dismissRequests(tx: Tx, accountId: number, ids: number[]): Promise<void> {
  if (ids.length) await tx.deleteFrom('notification_requests').where('account_id', '=', accountId).where('id', 'in', ids).execute();
}
