// Who blocks whom. The blocks table is read only here: visibility (loaders and SQL), streaming,
// fan-out and the relationship ask through these functions. A block holds both ways for what
// is shown (neither side sees the other's posts in any feed), so most readers ask for the
// accounts "blocked either way" of a viewer.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';

type Db = Kysely<Database>;

/** `accountId` blocks `targetId`; false when it already did. */
export async function insertBlock(tx: Tx, accountId: number, targetId: number, now: number): Promise<boolean> {
  const result = await tx
    .insertInto('blocks')
    .values({ id: newId(now), account_id: accountId, target_account_id: targetId, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
    .executeTakeFirst();
  const inserted = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  if (inserted) tx.emit({ type: 'block.changed', accountId, targetAccountId: targetId, blocking: true });
  return inserted;
}

export async function deleteBlock(tx: Tx, accountId: number, targetId: number): Promise<boolean> {
  const result = await tx.deleteFrom('blocks').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
  const deleted = Number(result.numDeletedRows) > 0;
  if (deleted) tx.emit({ type: 'block.changed', accountId, targetAccountId: targetId, blocking: false });
  return deleted;
}

/** Of these accounts, the ones `accountId` blocks (relationship.blocking). */
export async function blockingIdsAmong(db: Db, accountId: number, targetIds: number[]): Promise<Set<number>> {
  if (targetIds.length === 0) return new Set();
  const rows = await db.selectFrom('blocks').select('target_account_id').where('account_id', '=', accountId).where('target_account_id', 'in', targetIds).execute();
  return new Set(rows.map((r) => Number(r.target_account_id)));
}

/** Of these accounts, the ones that block `accountId` (relationship.blocked_by). */
export async function blockerIdsAmong(db: Db, accountId: number, sourceIds: number[]): Promise<Set<number>> {
  if (sourceIds.length === 0) return new Set();
  const rows = await db.selectFrom('blocks').select('account_id').where('target_account_id', '=', accountId).where('account_id', 'in', sourceIds).execute();
  return new Set(rows.map((r) => Number(r.account_id)));
}

/** Whether either account blocks the other. */
export async function blockedEitherWay(db: Db, a: number, b: number): Promise<boolean> {
  const row = await db
    .selectFrom('blocks')
    .select('id')
    .where((eb) => eb.or([eb.and([eb('account_id', '=', a), eb('target_account_id', '=', b)]), eb.and([eb('account_id', '=', b), eb('target_account_id', '=', a)])]))
    .executeTakeFirst();
  return row !== undefined;
}

/** Whom `accountId` blocks and who blocks it (a stream keeps them, updated by block events). */
export async function blockedEitherWayIdsOf(db: Db, accountId: number): Promise<{ blocking: number[]; blockedBy: number[] }> {
  const [blocking, blockedBy] = await Promise.all([
    db.selectFrom('blocks').select('target_account_id as id').where('account_id', '=', accountId).execute(),
    db.selectFrom('blocks').select('account_id as id').where('target_account_id', '=', accountId).execute(),
  ]);
  return { blocking: blocking.map((r) => Number(r.id)), blockedBy: blockedBy.map((r) => Number(r.id)) };
}

/** The accounts `accountId` blocks, newest block first; the page cursor is the block's id. */
export async function blockPage(db: Db, accountId: number, page: Page): Promise<{ accountId: number; cursor: number }[]> {
  const query = db.selectFrom('blocks').select(['target_account_id', 'id']).where('account_id', '=', accountId);
  const rows = await applyKeyset(query, 'id', page).execute();
  return newestFirst(rows, page).map((r) => ({ accountId: Number(r.target_account_id), cursor: Number(r.id) }));
}

// --- subqueries, for SQL that filters by blocks without loading them (visibility/sql.ts) ---

/** select id: the accounts `accountId` blocks, and those that block it. */
export function blockedEitherWayQuery(db: Db, accountId: number) {
  return db
    .selectFrom('blocks')
    .select('target_account_id as id')
    .where('account_id', '=', accountId)
    .unionAll(db.selectFrom('blocks').select('account_id as id').where('target_account_id', '=', accountId));
}

/** select id: the accounts `accountId` blocks. */
export function blockingIdsQuery(db: Db, accountId: number) {
  return db.selectFrom('blocks').select('target_account_id as id').where('account_id', '=', accountId);
}

/** select id: the accounts that block `accountId`. */
export function blockerIdsQuery(db: Db, accountId: number) {
  return db.selectFrom('blocks').select('account_id as id').where('target_account_id', '=', accountId);
}
