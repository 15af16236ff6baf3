import { sql, type Kysely } from 'kysely';

// Blocks, mutes and conversation mutes (issue 11): what each account has to do with others
// beyond following. Each is its own table, so every reader of `follows` keeps its meaning; the
// rules that read them live in src/visibility.
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['blocks', 'mutes'] as const) {
    let create = db.schema
      .createTable(table)
      // Time-sortable (newId): the cursor of GET /api/v1/blocks and /api/v1/mutes.
      .addColumn('id', 'bigint', (c) => c.primaryKey())
      .addColumn('account_id', 'bigint', (c) => c.notNull())
      .addColumn('target_account_id', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull());
    if (table === 'mutes') {
      create = create
        // 0/1: whether notifications from the account are muted too (Mastodon's default: 1).
        .addColumn('notifications', 'integer', (c) => c.notNull().defaultTo(1))
        // A timed mute ends by itself: every read compares it with the clock (no sweeper).
        .addColumn('expires_at', 'bigint');
    }
    await create.execute();
    // One per pair; also the account's own look-up (whom it blocks or mutes) and its list pages.
    await db.schema.createIndex(`${table}_pair`).on(table).columns(['account_id', 'target_account_id']).unique().execute();
    await db.schema.createIndex(`${table}_by_id`).on(table).columns(['account_id', 'id']).execute();
    // Who blocks or mutes an account (blocked_by, fan-out's audience).
    await db.schema.createIndex(`${table}_target`).on(table).columns(['target_account_id', 'account_id']).execute();
  }

  await db.schema
    .createTable('conversation_mutes')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('conversation_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversation_mutes_pair').on('conversation_mutes').columns(['account_id', 'conversation_id']).unique().execute();

  // A status's conversation: the id of the first post of its thread (Mastodon's conversation),
  // set when a reply is written; null means the status starts its own.
  await db.schema.alterTable('statuses').addColumn('conversation_id', 'bigint').execute();
  // Existing replies: walk each thread down from its first post. A reply whose parent is gone
  // keeps null (its own conversation), as a thread cut there would.
  await sql`
    with recursive chain(id, root) as (
      select id, id from statuses where in_reply_to_id is null
      union all
      select s.id, chain.root from statuses s join chain on s.in_reply_to_id = chain.id
    )
    update statuses set conversation_id = chain.root from chain
    where chain.id = statuses.id and statuses.in_reply_to_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('statuses').dropColumn('conversation_id').execute();
  for (const table of ['conversation_mutes', 'mutes', 'blocks']) await db.schema.dropTable(table).ifExists().execute();
}
