import type { Kysely } from 'kysely';
import type { Database, MediaRow } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';

type Db = Kysely<Database>;

export async function insertMedia(db: Db, row: MediaRow): Promise<void> {
  await db.insertInto('media_attachments').values(row).execute();
}

/** New alt text; a post it is attached to shows it (`status.changed` with its media). */
export async function describeMedia(tx: Tx, id: number, description: string | null): Promise<void> {
  await tx.updateTable('media_attachments').set({ description }).where('id', '=', id).execute();
  // Read after the update, in the same transaction: it may have been attached meanwhile.
  const attached = await tx.selectFrom('media_attachments').select('status_id').where('id', '=', id).executeTakeFirst();
  if (attached?.status_id != null) tx.emit({ type: 'status.changed', statusId: attached.status_id, media: true });
}

/** Part of creating the status: no event of its own (nothing has rendered the status yet). */
export async function attachMedia(db: Db, statusId: number, ids: number[]): Promise<void> {
  for (const [position, id] of ids.entries()) {
    await db.updateTable('media_attachments').set({ status_id: statusId, position }).where('id', '=', id).execute();
  }
}
