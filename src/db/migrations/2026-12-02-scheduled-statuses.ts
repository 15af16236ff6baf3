import type { Kysely } from 'kysely';

// Scheduled statuses (issue 12): a post's parameters kept until it is due, and the media it will
// carry (so the hourly sweep of unattached uploads leaves them alone).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scheduled_statuses')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('app_id', 'bigint')
    .addColumn('scheduled_at', 'bigint', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('idempotency', 'text')
    // Set by the process publishing it; a claim older than a minute is a crashed publisher's.
    .addColumn('claimed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scheduled_statuses_due').on('scheduled_statuses').column('scheduled_at').execute();
  await db.schema.createIndex('scheduled_statuses_account').on('scheduled_statuses').columns(['account_id', 'id']).execute();
  await db.schema
    .createTable('scheduled_status_media')
    .addColumn('scheduled_status_id', 'bigint', (c) => c.notNull())
    .addColumn('media_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('scheduled_status_media_pk', ['scheduled_status_id', 'media_id'])
    .execute();
  await db.schema.createIndex('scheduled_status_media_media').on('scheduled_status_media').column('media_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scheduled_status_media').ifExists().execute();
  await db.schema.dropTable('scheduled_statuses').ifExists().execute();
}
