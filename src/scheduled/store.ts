// Scheduled statuses' rows: kept, listed, claimed by one publisher at a time, and removed.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Page } from '../http/pagination.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';

type Db = Kysely<Database>;
export type ScheduledRow = Database['scheduled_statuses'];

/** A claim older than this is a publisher that died mid-way: another may take the post. */
export const CLAIM_TIMEOUT_MS = 60_000;

export async function insertScheduled(db: Db, row: ScheduledRow, mediaIds: number[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('scheduled_statuses').values(row).execute();
    if (mediaIds.length) await tx.insertInto('scheduled_status_media').values(mediaIds.map((media_id) => ({ scheduled_status_id: row.id, media_id }))).execute();
  });
}

export async function findScheduled(db: Db, accountId: number, id: number): Promise<ScheduledRow | undefined> {
  return db.selectFrom('scheduled_statuses').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
}

export async function scheduledPage(db: Db, accountId: number, page: Page): Promise<ScheduledRow[]> {
  const q = db.selectFrom('scheduled_statuses').selectAll().where('account_id', '=', accountId);
  return newestFirst(await applyKeyset(q, 'id', page).execute(), page);
}

/** How many the account has waiting, and how many of them fall on the given day. */
export async function countScheduled(db: Db, accountId: number, dayStart: number, exceptId?: number): Promise<{ total: number; thatDay: number }> {
  let q = db.selectFrom('scheduled_statuses').select('scheduled_at').where('account_id', '=', accountId);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  const rows = await q.execute();
  return { total: rows.length, thatDay: rows.filter((r) => Number(r.scheduled_at) >= dayStart && Number(r.scheduled_at) < dayStart + 86_400_000).length };
}

export async function reschedule(db: Db, id: number, at: number): Promise<void> {
  await db.updateTable('scheduled_statuses').set({ scheduled_at: at }).where('id', '=', id).execute();
}

export async function deleteScheduled(db: Db, id: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await tx.deleteFrom('scheduled_status_media').where('scheduled_status_id', '=', id).execute();
    const result = await tx.deleteFrom('scheduled_statuses').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}

/** Due posts nobody is publishing (or whose publisher died). */
export async function duePosts(db: Db, now: number, limit: number): Promise<ScheduledRow[]> {
  return db
    .selectFrom('scheduled_statuses')
    .selectAll()
    .where('scheduled_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', now - CLAIM_TIMEOUT_MS)]))
    .orderBy('scheduled_at')
    .limit(limit)
    .execute();
}

/** Takes the post for this publisher; false when another process took it first. */
export async function claim(db: Db, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('scheduled_statuses')
    .set({ claimed_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', now - CLAIM_TIMEOUT_MS)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function scheduledMediaIds(db: Db, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('scheduled_status_media').selectAll().where('scheduled_status_id', 'in', ids).execute();
  for (const r of rows) out.set(Number(r.scheduled_status_id), [...(out.get(Number(r.scheduled_status_id)) ?? []), Number(r.media_id)]);
  return out;
}
