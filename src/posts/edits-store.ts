// Status edits in SQL: revisions (status_edits), and what an edit changes in a status's other
// rows (mentions, tags, attachments). Writes take the open transaction and record there what
// the edit means to others (src/db/unit-of-work.ts).
import type { Kysely } from 'kysely';
import type { Database, MediaRow, StatusEditRow } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';

type Db = Kysely<Database>;

/** An attachment as a revision had it: which one, in order, with the alt text it had then. */
export interface EditedMedia {
  id: number;
  description: string | null;
}

export function editsOf(db: Db, statusId: number): Promise<StatusEditRow[]> {
  return db.selectFrom('status_edits').selectAll().where('status_id', '=', statusId).orderBy('created_at').orderBy('id').execute();
}

export async function hasEdits(db: Db, statusId: number): Promise<boolean> {
  return (await db.selectFrom('status_edits').select('id').where('status_id', '=', statusId).limit(1).executeTakeFirst()) !== undefined;
}

export async function insertEdit(tx: Tx, edit: Omit<StatusEditRow, 'media'> & { media: EditedMedia[] }): Promise<void> {
  await tx.insertInto('status_edits').values({ ...edit, media: JSON.stringify(edit.media) }).execute();
}

export function mediaOfEdit(edit: StatusEditRow): EditedMedia[] {
  return JSON.parse(edit.media) as EditedMedia[];
}

/** The attachments a status shows now, in order (those an edit took out have a negative position). */
export function shownMedia(db: Db, statusId: number): Promise<MediaRow[]> {
  return db.selectFrom('media_attachments').selectAll().where('status_id', '=', statusId).where('position', '>=', 0).orderBy('position').execute();
}

/** Attachment rows by id, whichever status they are on (a revision's, for the history). */
export async function mediaByIds(db: Db, ids: number[]): Promise<MediaRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('media_attachments').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

/**
 * The status shows these attachments, in this order, with these alt texts. The others it had
 * keep their status, out of sight (a negative position): the history still shows them, and
 * they go when the status does. New ones must be unattached uploads of the author (checked
 * before, and again here: a concurrent post may have taken one).
 */
export async function setStatusMedia(tx: Tx, statusId: number, media: EditedMedia[]): Promise<boolean> {
  await tx.updateTable('media_attachments').set({ position: -1 }).where('status_id', '=', statusId).execute();
  for (const [position, m] of media.entries()) {
    const result = await tx
      .updateTable('media_attachments')
      .set({ status_id: statusId, position, description: m.description })
      .where('id', '=', m.id)
      .where((eb) => eb.or([eb('status_id', 'is', null), eb('status_id', '=', statusId)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
  }
  return true;
}

/**
 * The status now mentions exactly these accounts. Mentions taken out stay, silent: the accounts
 * keep seeing the post (as on Mastodon, taking access back after a notification would confuse).
 * Returns the accounts mentioned for the first time, who are to be notified.
 */
export async function setMentions(tx: Tx, statusId: number, accountIds: number[]): Promise<number[]> {
  const existing = await tx.selectFrom('status_mentions').select(['account_id', 'silent']).where('status_id', '=', statusId).execute();
  const known = new Set(existing.map((m) => m.account_id));
  const wanted = new Set(accountIds);
  const silence = existing.filter((m) => m.silent === 0 && !wanted.has(m.account_id)).map((m) => m.account_id);
  const restore = existing.filter((m) => m.silent !== 0 && wanted.has(m.account_id)).map((m) => m.account_id);
  if (silence.length) await tx.updateTable('status_mentions').set({ silent: 1 }).where('status_id', '=', statusId).where('account_id', 'in', silence).execute();
  if (restore.length) await tx.updateTable('status_mentions').set({ silent: 0 }).where('status_id', '=', statusId).where('account_id', 'in', restore).execute();
  const added = [...wanted].filter((id) => !known.has(id));
  if (added.length) await tx.insertInto('status_mentions').values(added.map((account_id) => ({ status_id: statusId, account_id }))).execute();
  return added;
}

/**
 * The status is now tagged with exactly these tags (hashtag timelines, streams and trends read
 * status_tags). A tag it keeps keeps its row; a new one counts from when the status was posted,
 * so an edit does not make an old post count as today's use of a tag.
 */
export async function setTags(tx: Tx, status: { id: number; account_id: number; created_at: number }, tagIds: number[]): Promise<void> {
  const existing = new Set((await tx.selectFrom('status_tags').select('tag_id').where('status_id', '=', status.id).execute()).map((t) => t.tag_id));
  const wanted = new Set(tagIds);
  const gone = [...existing].filter((id) => !wanted.has(id));
  if (gone.length) await tx.deleteFrom('status_tags').where('status_id', '=', status.id).where('tag_id', 'in', gone).execute();
  const added = [...wanted].filter((id) => !existing.has(id));
  if (added.length) {
    await tx
      .insertInto('status_tags')
      .values(added.map((tag_id) => ({ status_id: status.id, tag_id, account_id: status.account_id, created_at: status.created_at })))
      .execute();
  }
}

/** The edited fields of the status row; what renders it is evicted everywhere, then it is streamed. */
export async function updateEditedStatus(
  tx: Tx,
  status: { id: number; account_id: number },
  fields: { text: string; content: string; spoiler_text: string; sensitive: number; language: string | null; search_text: string; edited_at: number },
): Promise<void> {
  await tx.updateTable('statuses').set(fields).where('id', '=', status.id).execute();
  // Its row and its extras (mentions, tags, media) go from every process's render cache, and
  // with them the encoded bytes of the status and of every reblog showing it.
  tx.emit({ type: 'status.changed', statusId: status.id, media: true });
  tx.emit({ type: 'status.edited', statusId: status.id, accountId: status.account_id });
}

/** Accounts that reblogged the status (told of its edits, as on Mastodon). */
export async function rebloggerIds(db: Db, statusId: number): Promise<number[]> {
  const rows = await db.selectFrom('statuses').select('account_id').where('reblog_of_id', '=', statusId).execute();
  return [...new Set(rows.map((r) => r.account_id))];
}
