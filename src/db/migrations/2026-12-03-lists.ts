import type { Kysely } from 'kysely';

// Organising (issue 12): lists of followed accounts with their own timeline (replies_policy,
// exclusive lists leave their members' posts out of home), and followed hashtags, whose public
// posts join the follower's home. src/lists/ and src/tags/ read and write them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lists')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('replies_policy', 'text', (c) => c.notNull())
    .addColumn('exclusive', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lists_account').on('lists').columns(['account_id', 'id']).execute();
  await db.schema
    .createTable('list_accounts')
    // Time-sortable (newId): the cursor of the members' pages, as Mastodon pages by its row id.
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('list_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('list_accounts_list_account').on('list_accounts').columns(['list_id', 'account_id']).unique().execute();
  // Which lists hold an account: unfollows, fan-out and accounts/:id/lists walk it.
  await db.schema.createIndex('list_accounts_account').on('list_accounts').columns(['account_id', 'list_id']).execute();
  await db.schema
    .createTable('tag_follows')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('tag_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tag_follows_account_tag').on('tag_follows').columns(['account_id', 'tag_id']).unique().execute();
  await db.schema.createIndex('tag_follows_tag').on('tag_follows').columns(['tag_id', 'account_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tag_follows').ifExists().execute();
  await db.schema.dropTable('list_accounts').ifExists().execute();
  await db.schema.dropTable('lists').ifExists().execute();
}
