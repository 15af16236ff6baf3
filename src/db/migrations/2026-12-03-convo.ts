import type { Kysely } from 'kysely';

// Direct-message conversations (Mastodon's AccountConversation) and the notification policy with
// its requests (Mastodon 4.3). A conversation is kept per participant: one row for each account
// that sees it, keyed by the thread and the other participants; its statuses are listed beside
// it so that deleting one finds the one before. Notifications gain `filtered` (held back by the
// recipient's policy, shown under requests) and `group_key` (grouped notifications, API v2).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_conversations')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    // The thread's first status (statuses.conversation_id, or the status itself).
    .addColumn('conversation_id', 'bigint', (c) => c.notNull())
    // The other participants' ids, sorted, comma-separated ('' when one writes to oneself).
    .addColumn('participant_ids', 'text', (c) => c.notNull())
    .addColumn('last_status_id', 'bigint', (c) => c.notNull())
    .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('account_conversations_key').on('account_conversations').columns(['account_id', 'conversation_id', 'participant_ids']).unique().execute();
  await db.schema.createIndex('account_conversations_page').on('account_conversations').columns(['account_id', 'last_status_id']).execute();
  await db.schema
    .createTable('account_conversation_statuses')
    .addColumn('account_conversation_id', 'bigint', (c) => c.notNull())
    .addColumn('status_id', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_conversation_statuses_pair').on('account_conversation_statuses').columns(['account_conversation_id', 'status_id']).unique().execute();
  await db.schema.createIndex('account_conversation_statuses_status').on('account_conversation_statuses').column('status_id').execute();

  await db.schema
    .createTable('notification_policies')
    .addColumn('account_id', 'bigint', (c) => c.primaryKey())
    .addColumn('for_not_following', 'text', (c) => c.notNull())
    .addColumn('for_not_followers', 'text', (c) => c.notNull())
    .addColumn('for_new_accounts', 'text', (c) => c.notNull())
    .addColumn('for_private_mentions', 'text', (c) => c.notNull())
    .addColumn('for_limited_accounts', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('notification_requests')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('from_account_id', 'bigint', (c) => c.notNull())
    .addColumn('last_status_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_requests_pair').on('notification_requests').columns(['account_id', 'from_account_id']).unique().execute();
  // Senders whose requests the account accepted: their notifications are never filtered again.
  await db.schema
    .createTable('notification_permissions')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('from_account_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_permissions_pair').on('notification_permissions').columns(['account_id', 'from_account_id']).unique().execute();

  await db.schema.alterTable('notifications').addColumn('filtered', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('notifications').addColumn('group_key', 'text').execute();
  await db.schema.createIndex('notifications_group').on('notifications').columns(['account_id', 'group_key', 'id']).execute();
  await db.schema.createIndex('notifications_filtered_from').on('notifications').columns(['account_id', 'from_account_id', 'filtered']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notifications_filtered_from').ifExists().execute();
  await db.schema.dropIndex('notifications_group').ifExists().execute();
  await db.schema.alterTable('notifications').dropColumn('group_key').execute();
  await db.schema.alterTable('notifications').dropColumn('filtered').execute();
  for (const table of ['notification_permissions', 'notification_requests', 'notification_policies', 'account_conversation_statuses', 'account_conversations']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
