import type { Kysely } from 'kysely';

// Media files are looked up by name when served (media/service.ts deliver): new uploads are named
// by 128 random bits instead of their guessable snowflake id, and a name must lead to one row.
// Rows from before keep their digit names and are served by the same rules (signed links for
// followers-only and direct posts), so no file has to be renamed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('media_attachments_file_name').unique().on('media_attachments').column('file_name').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('media_attachments_file_name').ifExists().execute();
}
