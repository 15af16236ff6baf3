import type { Kysely } from 'kysely';

// The admin accounts API and sign-up blocks (issue 11): the addresses accounts sign in and use
// their tokens from (Mastodon's user_ips), moderators' warnings (AccountWarning), the three kinds
// of sign-up block, and when an account's data was deleted after suspension (its row is kept as
// a suspended tombstone, as on Mastodon, so its name is never taken again).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_ips')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_ips_pkey', ['account_id', 'ip'])
    .execute();
  // GET /api/v1/admin/accounts?ip=… looks accounts up by address.
  await db.schema.createIndex('account_ips_by_ip').on('account_ips').columns(['ip', 'account_id']).execute();

  await db.schema
    .createTable('account_warnings')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('target_account_id', 'bigint', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('report_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_warnings_target').on('account_warnings').columns(['target_account_id', 'id']).execute();

  await db.schema
    .createTable('canonical_email_blocks')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('canonical_email_hash', 'text', (c) => c.notNull().unique())
    .addColumn('reference_account_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('email_domain_blocks')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ip_blocks')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    // Normalised CIDR (1.2.3.4/32, 2001:db8::/32): one block per range.
    .addColumn('ip', 'text', (c) => c.notNull().unique())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('accounts').addColumn('purged_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['account_ips', 'account_warnings', 'canonical_email_blocks', 'email_domain_blocks', 'ip_blocks']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.alterTable('accounts').dropColumn('purged_at').execute();
}
