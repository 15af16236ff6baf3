// Who mutes whom, and which conversations each account muted. A timed mute ends by itself:
// every read here takes the clock's `now` and counts only mutes that have not expired, so no
// sweeper is needed and every process agrees on when a mute ends. Expired rows are replaced by
// the next mute of the same pair and removed by unmute.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';

type Db = Kysely<Database>;

/** What a mute says: notifications muted too, and when it ends (null: never). */
export interface MuteTerms {
  notifications: boolean;
  expiresAt: number | null;
}

/** Mutes the target, or changes the terms of an existing mute (as Mastodon does on a second call). */
export async function upsertMute(tx: Tx, accountId: number, targetId: number, terms: MuteTerms, now: number): Promise<void> {
  const values = { notifications: terms.notifications ? 1 : 0, expires_at: terms.expiresAt };
  await tx
    .insertInto('mutes')
    .values({ id: newId(now), account_id: accountId, target_account_id: targetId, created_at: now, ...values })
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doUpdateSet(values))
    .execute();
  tx.emit({ type: 'mute.changed', accountId, targetAccountId: targetId });
}

export async function deleteMute(tx: Tx, accountId: number, targetId: number): Promise<boolean> {
  const result = await tx.deleteFrom('mutes').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
  const deleted = Number(result.numDeletedRows) > 0;
  if (deleted) tx.emit({ type: 'mute.changed', accountId, targetAccountId: targetId });
  return deleted;
}

/** The mutes of `accountId` in force at `now`, among these accounts (or all of them), by target. */
export async function activeMutesOf(db: Db, accountId: number, now: number, targetIds?: number[]): Promise<Map<number, MuteTerms>> {
  if (targetIds?.length === 0) return new Map();
  let query = activeMutes(db, accountId, now).select(['target_account_id', 'notifications', 'expires_at']);
  if (targetIds) query = query.where('target_account_id', 'in', targetIds);
  const rows = await query.execute();
  return new Map(rows.map((r) => [Number(r.target_account_id), { notifications: r.notifications === 1, expiresAt: r.expires_at === null ? null : Number(r.expires_at) }]));
}

/** The muted accounts of `accountId` at `now`, newest mute first; the page cursor is the mute's id. */
export async function mutePage(db: Db, accountId: number, now: number, page: Page): Promise<{ accountId: number; cursor: number; expiresAt: number | null }[]> {
  const query = activeMutes(db, accountId, now).select(['target_account_id', 'id', 'expires_at']);
  const rows = await applyKeyset(query, 'id', page).execute();
  return newestFirst(rows, page).map((r) => ({ accountId: Number(r.target_account_id), cursor: Number(r.id), expiresAt: r.expires_at === null ? null : Number(r.expires_at) }));
}

function activeMutes(db: Db, accountId: number, now: number) {
  return db
    .selectFrom('mutes')
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
}

// --- subqueries, for SQL that filters by mutes without loading them (visibility/sql.ts) ---

/** select id: the accounts `accountId` mutes at `now` (with `notificationsOnly`: their notifications too). */
export function mutedIdsQuery(db: Db, accountId: number, now: number, notificationsOnly = false) {
  let query = activeMutes(db, accountId, now).select('target_account_id as id');
  if (notificationsOnly) query = query.where('notifications', '=', 1);
  return query;
}

// --- conversation mutes ---

export async function insertConversationMute(tx: Tx, accountId: number, conversationId: number, now: number): Promise<void> {
  await tx
    .insertInto('conversation_mutes')
    .values({ account_id: accountId, conversation_id: conversationId, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'conversation_id']).doNothing())
    .execute();
  // The status's `muted` is one of the viewer's marks (posts/render-cache.ts keeps them).
  tx.emit({ type: 'marks.changed', accountId });
}

export async function deleteConversationMute(tx: Tx, accountId: number, conversationId: number): Promise<void> {
  await tx.deleteFrom('conversation_mutes').where('account_id', '=', accountId).where('conversation_id', '=', conversationId).execute();
  tx.emit({ type: 'marks.changed', accountId });
}

/** Of these conversations, the ones `accountId` muted. */
export async function mutedConversationsAmong(db: Db, accountId: number, conversationIds: number[]): Promise<Set<number>> {
  if (conversationIds.length === 0) return new Set();
  const rows = await db.selectFrom('conversation_mutes').select('conversation_id').where('account_id', '=', accountId).where('conversation_id', 'in', [...new Set(conversationIds)]).execute();
  return new Set(rows.map((r) => Number(r.conversation_id)));
}
