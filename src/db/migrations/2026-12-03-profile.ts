import type { Kysely } from 'kysely';

// The profile (issue 12): pinned statuses, featured tags, endorsed accounts, private notes on
// accounts, and the profile's fields and posting defaults. Each pair table has one row per pair;
// its time-sortable id is the cursor of the list pages that show it.
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, target] of [['status_pins', 'status_id'], ['account_pins', 'target_account_id'], ['featured_tags', 'tag_id']] as const) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'bigint', (c) => c.primaryKey())
      .addColumn('account_id', 'bigint', (c) => c.notNull())
      .addColumn(target, 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex(`${table}_pair`).on(table).columns(['account_id', target]).unique().execute();
  }
  // The tag as the owner wrote it (the tags row keeps the first spelling anyone used).
  await db.schema.alterTable('featured_tags').addColumn('name', 'text', (c) => c.notNull().defaultTo('')).execute();
  // A status or account going away takes its pins with it (deletes look them up by target).
  await db.schema.createIndex('status_pins_status').on('status_pins').column('status_id').execute();
  await db.schema.createIndex('account_pins_target').on('account_pins').columns(['target_account_id', 'account_id']).execute();
  // A profile's media tab (only_media): the author's attached media, by status.
  await db.schema.createIndex('media_attachments_account_status').on('media_attachments').columns(['account_id', 'status_id']).execute();
  // A featured tag's counts: one author's posts with one tag, without walking the whole tag.
  await db.schema.createIndex('status_tags_account_tag').on('status_tags').columns(['account_id', 'tag_id', 'status_id']).execute();

  await db.schema
    .createTable('account_notes')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('target_account_id', 'bigint', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_notes_pk', ['account_id', 'target_account_id'])
    .execute();

  // JSON: [{ name, value }] as the owner wrote them (at most four).
  await db.schema.alterTable('accounts').addColumn('fields', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  // Posting defaults (CredentialAccount.source): '' is no default language.
  await db.schema.alterTable('accounts').addColumn('default_language', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('accounts').addColumn('default_sensitive', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['default_sensitive', 'default_language', 'fields']) await db.schema.alterTable('accounts').dropColumn(column).execute();
  await db.schema.dropIndex('status_tags_account_tag').ifExists().execute();
  await db.schema.dropIndex('media_attachments_account_status').ifExists().execute();
  for (const table of ['account_notes', 'featured_tags', 'account_pins', 'status_pins']) await db.schema.dropTable(table).ifExists().execute();
}
