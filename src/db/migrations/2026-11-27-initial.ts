import { type Kysely, sql } from 'kysely';

// Portable DDL only (Kysely's schema builder): the same migration runs on SQLite and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('ar'))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
    .addColumn('bot', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('discoverable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('default_visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .addColumn('avatar_url', 'text')
    .addColumn('header_url', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('followers_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('following_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('statuses_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status_at', 'bigint')
    .addColumn('suspended_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('apps')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('redirect_uris', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('client_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('oauth_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text')
    .addColumn('code_challenge_method', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('app_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint')
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('statuses')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('spoiler_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sensitive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('in_reply_to_id', 'bigint')
    .addColumn('in_reply_to_account_id', 'bigint')
    .addColumn('reblog_of_id', 'bigint')
    .addColumn('app_id', 'bigint')
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('replies_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reblogs_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('favourites_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('edited_at', 'bigint')
    .execute();
  await db.schema.createIndex('statuses_account_id').on('statuses').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('statuses_in_reply_to').on('statuses').column('in_reply_to_id').execute();
  await db.schema.createIndex('statuses_reblog_of').on('statuses').columns(['reblog_of_id', 'account_id']).execute();
  await db.schema.createIndex('statuses_visibility_id').on('statuses').columns(['visibility', 'id']).execute();

  await db.schema
    .createTable('status_mentions')
    .addColumn('status_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_mentions_pk', ['status_id', 'account_id'])
    .execute();
  await db.schema.createIndex('status_mentions_account').on('status_mentions').columns(['account_id', 'status_id']).execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('status_tags')
    .addColumn('status_id', 'bigint', (c) => c.notNull())
    .addColumn('tag_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_tags_pk', ['status_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('status_tags_tag').on('status_tags').columns(['tag_id', 'status_id']).execute();
  await db.schema.createIndex('status_tags_created').on('status_tags').columns(['created_at']).execute();

  await db.schema
    .createTable('follows')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('target_account_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('follows_pk', ['account_id', 'target_account_id'])
    .execute();
  await db.schema.createIndex('follows_target').on('follows').columns(['target_account_id', 'account_id']).execute();

  for (const table of ['favourites', 'bookmarks']) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'bigint', (c) => c.primaryKey())
      .addColumn('account_id', 'bigint', (c) => c.notNull())
      .addColumn('status_id', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint(`${table}_account_status`, ['account_id', 'status_id'])
      .execute();
    await db.schema.createIndex(`${table}_status`).on(table).columns(['status_id', 'id']).execute();
    await db.schema.createIndex(`${table}_account_id`).on(table).columns(['account_id', 'id']).execute();
  }

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('from_account_id', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_account').on('notifications').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('notifications_status').on('notifications').column('status_id').execute();

  await db.schema
    .createTable('markers')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('timeline', 'text', (c) => c.notNull())
    .addColumn('last_read_id', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('markers_pk', ['account_id', 'timeline'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('status_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['account_id', 'key'])
    .execute();
  void sql;
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'idempotency_keys', 'markers', 'notifications', 'bookmarks', 'favourites', 'follows',
    'status_tags', 'tags', 'status_mentions', 'statuses', 'tokens', 'oauth_codes', 'apps', 'accounts',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
