import type { Kysely } from 'kysely';
import type { Database, MediaRow } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';
import { unprocessable } from '../http/errors.js';

type Db = Kysely<Database>;

export async function insertMedia(db: Db, row: MediaRow): Promise<void> {
  await db.insertInto('media_attachments').values(row).execute();
}

export async function findMediaByFileName(db: Db, fileName: string): Promise<MediaRow | undefined> {
  return db.selectFrom('media_attachments').selectAll().where('file_name', '=', fileName).executeTakeFirst();
}

/** New alt text; a post it is attached to shows it (`status.changed` with its media). */
export async function describeMedia(tx: Tx, id: number, description: string | null): Promise<void> {
  await tx.updateTable('media_attachments').set({ description }).where('id', '=', id).execute();
  // Read after the update, in the same transaction: it may have been attached meanwhile.
  const attached = await tx.selectFrom('media_attachments').select('status_id').where('id', '=', id).executeTakeFirst();
  if (attached?.status_id != null) tx.emit({ type: 'status.changed', statusId: attached.status_id, media: true });
}

/**
 * Part of creating the status: no event of its own (nothing has rendered the status yet). Only
 * uploads still unattached are taken: one collected meanwhile (deleteOldUnattached), or attached
 * by a concurrent post, fails the post, whichever of the two writes commits first.
 */
export async function attachMedia(db: Db, statusId: number, ids: number[]): Promise<void> {
  for (const [position, id] of ids.entries()) {
    const result = await db.updateTable('media_attachments').set({ status_id: statusId, position }).where('id', '=', id).where('status_id', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw unprocessable(`Validation failed: media ${id} was not found`);
  }
}

/** Deletes the media of statuses being deleted; returns their file names (for the files to go after commit). */
export async function deleteMediaOfStatuses(tx: Tx, statusIds: number[]): Promise<string[]> {
  if (statusIds.length === 0) return [];
  const rows = await tx.deleteFrom('media_attachments').where('status_id', 'in', statusIds).returning('file_name').execute();
  return rows.map((row) => row.file_name);
}

/**
 * Deletes uploads never attached and created before `before`; returns their file names. Each
 * row is returned by one delete only, so processes collecting at once split the work.
 */
export async function deleteOldUnattached(db: Db, before: number): Promise<string[]> {
  const rows = await db
    .deleteFrom('media_attachments')
    .where('status_id', 'is', null)
    .where('created_at', '<', before)
    // Media waiting in a scheduled post is not abandoned.
    .where((eb) => eb.not(eb.exists(eb.selectFrom('scheduled_status_media').select('media_id').whereRef('scheduled_status_media.media_id', '=', 'media_attachments.id'))))
    .returning('file_name')
    .execute();
  return rows.map((row) => row.file_name);
}

/** Is this file an account's avatar or header (images stored before they were named profile-…)? */
export async function isProfileImage(db: Db, fileName: string): Promise<boolean> {
  const url = `/media/${fileName}`;
  const row = await db.selectFrom('accounts').select('id').where((eb) => eb.or([eb('avatar_url', '=', url), eb('header_url', '=', url)])).executeTakeFirst();
  return row !== undefined;
}
