// Direct conversations as each participant sees them (Mastodon's AccountConversation): one row
// per account, thread and set of other participants, with the statuses that made it. A direct
// status is added for its author when posted, and for each account it mentions when that
// account is notified of it (notifications/store.ts), so blocks, mutes and the notification
// policy decide who gets a conversation, as on Mastodon.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AccountConversationsTable, Database } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';
import { keptOut } from '../visibility/rules.js';
import { KnownRelations, tiesAmong } from '../visibility/relations.js';

type Db = Kysely<Database>;
export type AccountConversationRow = Selectable<AccountConversationsTable>;

export function participantIdsOf(row: Pick<AccountConversationRow, 'participant_ids'>): number[] {
  return row.participant_ids === '' ? [] : row.participant_ids.split(',').map(Number);
}

/**
 * Adds a direct status to the recipient's conversation (made if new): unread unless the
 * recipient wrote it. Nothing for a status that is not direct, nor for one whose author or
 * replied-to account the recipient blocks or mutes (rules.ts keptOut: Mastodon filters such
 * mentions). Records `conversation.changed` (streamed to the recipient's direct stream).
 */
export async function addStatusToConversation(tx: Tx, recipientId: number, statusId: number, now: number): Promise<void> {
  const status = await tx.selectFrom('statuses').select(['id', 'account_id', 'visibility', 'conversation_id', 'in_reply_to_account_id']).where('id', '=', statusId).executeTakeFirst();
  if (!status || status.visibility !== 'direct') return;
  if (status.account_id !== recipientId) {
    const ties = await tiesAmong(tx, recipientId, [status.account_id, ...(status.in_reply_to_account_id === null ? [] : [status.in_reply_to_account_id])], now);
    const viewer = { id: recipientId, relations: new KnownRelations(new Set(), new Set(), ties, now) };
    const facts = { id: status.id, accountId: status.account_id, visibility: status.visibility, inReplyToAccountId: status.in_reply_to_account_id, reblogOfId: null, mentions: () => true, authorSuspended: false };
    if (keptOut(viewer, facts)) return;
  }
  const mentioned = await tx.selectFrom('status_mentions').select('account_id').where('status_id', '=', statusId).execute();
  const participants = [...new Set([...mentioned.map((m) => Number(m.account_id)), Number(status.account_id)])].filter((id) => id !== recipientId).sort((a, b) => a - b);
  const key = { account_id: recipientId, conversation_id: Number(status.conversation_id ?? status.id), participant_ids: participants.join(',') };
  const unread = status.account_id === recipientId ? 0 : 1;
  // Two posts to the same conversation at once: the unique key lets one insert; the other updates.
  await tx.insertInto('account_conversations').values({ id: newId(now), ...key, last_status_id: statusId, unread }).onConflict((oc) => oc.columns(['account_id', 'conversation_id', 'participant_ids']).doNothing()).execute();
  const row = await tx
    .selectFrom('account_conversations')
    .selectAll()
    .where('account_id', '=', key.account_id)
    .where('conversation_id', '=', key.conversation_id)
    .where('participant_ids', '=', key.participant_ids)
    .executeTakeFirstOrThrow();
  const added = await tx
    .insertInto('account_conversation_statuses')
    .values({ account_conversation_id: row.id, status_id: statusId })
    .onConflict((oc) => oc.columns(['account_conversation_id', 'status_id']).doNothing())
    .executeTakeFirst();
  if (Number(added.numInsertedOrUpdatedRows ?? 0) === 0) return;
  await tx
    .updateTable('account_conversations')
    // In SQL, so that two posts landing at once cannot set an older last status over a newer one.
    .set({ last_status_id: sql<number>`case when last_status_id < ${statusId} then ${statusId} else last_status_id end`, unread })
    .where('id', '=', row.id)
    .execute();
  tx.emit({ type: 'conversation.changed', accountId: recipientId, conversationId: Number(row.id) });
}

/** A deleted status leaves every conversation it was in; a conversation left empty goes. */
export async function removeStatusFromConversations(tx: Tx, statusIds: number[]): Promise<void> {
  if (statusIds.length === 0) return;
  const links = await tx.selectFrom('account_conversation_statuses').select('account_conversation_id').where('status_id', 'in', statusIds).execute();
  if (links.length === 0) return;
  await tx.deleteFrom('account_conversation_statuses').where('status_id', 'in', statusIds).execute();
  for (const conversationId of new Set(links.map((l) => Number(l.account_conversation_id)))) {
    const last = await tx
      .selectFrom('account_conversation_statuses')
      .select((eb) => eb.fn.max('status_id').as('last'))
      .where('account_conversation_id', '=', conversationId)
      .executeTakeFirst();
    if (last?.last == null) await tx.deleteFrom('account_conversations').where('id', '=', conversationId).execute();
    else await tx.updateTable('account_conversations').set({ last_status_id: Number(last.last) }).where('id', '=', conversationId).execute();
  }
}

/** The account's conversations, by their last status, newest first (Mastodon pages them so). */
export async function conversationPage(db: Db, accountId: number, page: Page): Promise<AccountConversationRow[]> {
  let q = db.selectFrom('account_conversations').selectAll().where('account_id', '=', accountId);
  if (page.maxId !== undefined) q = q.where('last_status_id', '<', page.maxId);
  if (page.minId !== undefined) q = q.where('last_status_id', '>', page.minId).orderBy('last_status_id', 'asc');
  else {
    if (page.sinceId !== undefined) q = q.where('last_status_id', '>', page.sinceId);
    q = q.orderBy('last_status_id', 'desc');
  }
  const rows = await q.orderBy('id', page.minId !== undefined ? 'asc' : 'desc').limit(page.limit).execute();
  return page.minId !== undefined ? rows.reverse() : rows;
}

export function findConversation(db: Db, accountId: number, id: number): Promise<AccountConversationRow | undefined> {
  return db.selectFrom('account_conversations').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

export async function markRead(tx: Tx, accountId: number, id: number): Promise<boolean> {
  const r = await tx.updateTable('account_conversations').set({ unread: 0 }).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  tx.emit({ type: 'conversation.changed', accountId, conversationId: id });
  return true;
}

export async function deleteConversation(tx: Tx, accountId: number, id: number): Promise<boolean> {
  const r = await tx.deleteFrom('account_conversations').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) return false;
  await tx.deleteFrom('account_conversation_statuses').where('account_conversation_id', '=', id).execute();
  return true;
}

/** A purged account's own conversations go (others' conversations with it keep their statuses' fate). */
export async function deleteConversationsOf(tx: Tx, accountId: number): Promise<void> {
  const rows = await tx.selectFrom('account_conversations').select('id').where('account_id', '=', accountId).execute();
  if (rows.length === 0) return;
  await tx.deleteFrom('account_conversation_statuses').where('account_conversation_id', 'in', rows.map((r) => r.id)).execute();
  await tx.deleteFrom('account_conversations').where('account_id', '=', accountId).execute();
}
