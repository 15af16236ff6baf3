import type { Kysely } from 'kysely';

// Follow requests: following a locked account asks first (issue 10, finding 4). A request is its
// own row, not a flagged follow, so every reader of `follows` (visibility, timelines, streaming)
// keeps meaning "may see followers-only posts" without learning about requests.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('follow_requests')
    // Time-sortable (newId): the cursor of GET /api/v1/follow_requests, as on Mastodon.
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('target_account_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // One request per pair (asking twice is the same request); also the requester's look-up.
  await db.schema.createIndex('follow_requests_pair').on('follow_requests').columns(['account_id', 'target_account_id']).unique().execute();
  // The account's waiting requests, newest first.
  await db.schema.createIndex('follow_requests_target_by_id').on('follow_requests').columns(['target_account_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('follow_requests').ifExists().execute();
}
