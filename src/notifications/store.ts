import type { Kysely } from 'kysely';
import type { Database, NotificationRow } from '../db/schema.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';
import type { Tx } from '../db/unit-of-work.js';
import { mayNotifyNow, notifiableNow } from '../visibility/relations.js';
import { notificationShownCondition } from '../visibility/sql.js';
import { addStatusToConversation } from '../conversations/store.js';
import { policyDecision } from './policy.js';
import { groupKeyFor } from './group-keys.js';
import { fileRequest } from './requests-store.js';

type Db = Kysely<Database>;

export type NotificationType = 'mention' | 'follow' | 'follow_request' | 'favourite' | 'reblog' | 'update' | 'admin.report' | 'admin.sign_up' | 'poll';
export const NOTIFICATION_TYPES: NotificationType[] = ['mention', 'follow', 'follow_request', 'favourite', 'reblog', 'update', 'admin.report', 'admin.sign_up', 'poll'];

/**
 * Writes the notification as the recipient's policy says (policy.ts): accepted ones are
 * recorded with `notification.created` (published after commit, streamed and pushed); filtered
 * ones are stored held back, and a mention files a notification request; dropped ones are not
 * stored. An accepted direct mention also lands in the recipient's conversations.
 */
export async function insertNotification(
  tx: Tx,
  n: { accountId: number; fromAccountId: number; type: NotificationType; statusId: number | null; now: number; reportId?: number },
): Promise<number | null> {
  // Nobody is told about their own actions, nor about those of an account blocked either way or
  // muted, nor about a thread they muted (visibility/relations.ts).
  if (n.accountId === n.fromAccountId) return null;
  if (!(await mayNotifyNow(tx, n))) return null;
  const decision = await policyDecision(tx, n);
  if (decision === 'drop') return null;
  const filtered = decision === 'filter';
  const id = newId(n.now);
  await tx
    .insertInto('notifications')
    .values({
      id,
      account_id: n.accountId,
      from_account_id: n.fromAccountId,
      type: n.type,
      status_id: n.statusId,
      report_id: n.reportId ?? null,
      created_at: n.now,
      filtered: filtered ? 1 : 0,
      group_key: filtered ? null : await groupKeyFor(tx, n),
    })
    .execute();
  if (filtered) {
    if (n.type === 'mention') await fileRequest(tx, n.accountId, n.fromAccountId, n.statusId, n.now);
    return id;
  }
  tx.emit({ type: 'notification.created', notificationId: id, accountId: n.accountId });
  if (n.type === 'mention' && n.statusId !== null) await addStatusToConversation(tx, n.accountId, n.statusId, n.now);
  return id;
}

/**
 * One notification to each of many accounts about a status (an edit, to everyone who reblogged
 * it), replacing the one of this type about it they had (as Mastodon, the newest update stands);
 * only to those who may be told (visibility/relations.ts notifiableNow). Batched: a status
 * reblogged ten thousand times is a few dozen queries, not ten thousand.
 */
export async function replaceNotificationsAbout(
  tx: Tx,
  n: { accountIds: number[]; fromAccountId: number; type: NotificationType; statusId: number; now: number },
): Promise<void> {
  const chunks = (ids: number[]) => Array.from({ length: Math.ceil(ids.length / 500) }, (_, i) => ids.slice(i * 500, i * 500 + 500));
  for (const chunk of chunks(n.accountIds)) {
    await tx.deleteFrom('notifications').where('type', '=', n.type).where('status_id', '=', n.statusId).where('from_account_id', '=', n.fromAccountId).where('account_id', 'in', chunk).execute();
  }
  for (const chunk of chunks(await notifiableNow(tx, n))) {
    const rows = chunk.map((accountId) => ({ id: newId(n.now), account_id: accountId, from_account_id: n.fromAccountId, type: n.type, status_id: n.statusId, report_id: null, created_at: n.now }));
    await tx.insertInto('notifications').values(rows).execute();
    for (const row of rows) tx.emit({ type: 'notification.created', notificationId: row.id, accountId: row.account_id });
  }
}

export async function deleteNotificationsFor(
  db: Db,
  where: { fromAccountId: number; type: NotificationType; statusId?: number; accountId?: number },
): Promise<void> {
  let q = db.deleteFrom('notifications').where('from_account_id', '=', where.fromAccountId).where('type', '=', where.type);
  if (where.statusId !== undefined) q = q.where('status_id', '=', where.statusId);
  if (where.accountId !== undefined) q = q.where('account_id', '=', where.accountId);
  await q.execute();
}

/** Everything `accountId` was told of `fromAccountId`'s doings (a block clears them, as on Mastodon). */
export async function deleteNotificationsBetween(db: Db, accountId: number, fromAccountId: number): Promise<void> {
  await db.deleteFrom('notifications').where('account_id', '=', accountId).where('from_account_id', '=', fromAccountId).execute();
}

export async function deleteNotificationsOfStatuses(db: Db, statusIds: number[]): Promise<void> {
  if (statusIds.length) await db.deleteFrom('notifications').where('status_id', 'in', statusIds).execute();
}

export interface NotificationFilter {
  types?: string[];
  excludeTypes?: string[];
  fromAccountId?: number;
  /** Those the policy held back too (include_filtered). */
  includeFiltered?: boolean;
}

/**
 * The account's notifications a list shows (Mastodon's `browserable`): of the types asked, not
 * held back by the policy unless asked, leaving out those from accounts it may no longer be
 * notified of at `now` (blocked either way, notifications muted: visibility/sql.ts).
 */
export function browsable(db: Db, accountId: number, filter: NotificationFilter, now: number) {
  let q = db.selectFrom('notifications').selectAll().where('account_id', '=', accountId).where(notificationShownCondition(db, { id: accountId, now }));
  if (!filter.includeFiltered) q = q.where('filtered', '=', 0);
  if (filter.types?.length) q = q.where('type', 'in', filter.types);
  if (filter.excludeTypes?.length) q = q.where('type', 'not in', filter.excludeTypes);
  if (filter.fromAccountId !== undefined) q = q.where('from_account_id', '=', filter.fromAccountId);
  return q;
}

/** One page of them, newest first. */
export async function notificationPage(db: Db, accountId: number, page: Page, filter: NotificationFilter, now: number): Promise<NotificationRow[]> {
  const rows = await applyKeyset(browsable(db, accountId, filter, now), 'id', page).execute();
  return newestFirst(rows, page);
}

export function findNotification(db: Db, accountId: number, id: number, now: number): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('account_id', '=', accountId).where('id', '=', id).where(notificationShownCondition(db, { id: accountId, now })).executeTakeFirst();
}

export async function deleteNotification(db: Db, accountId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('notifications').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function clearNotifications(db: Db, accountId: number): Promise<void> {
  await db.deleteFrom('notifications').where('account_id', '=', accountId).execute();
}

/** How many are newer than the marker (at most `limit`). */
export async function countUnread(db: Db, accountId: number, sinceId: number, limit: number, now: number, filter: NotificationFilter = {}): Promise<number> {
  const rows = await browsable(db, accountId, filter, now).clearSelect().select('id').where('id', '>', sinceId).limit(limit).execute();
  return rows.length;
}
