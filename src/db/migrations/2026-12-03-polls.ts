import type { Kysely } from 'kysely';

// Polls (issue 12), as Mastodon keeps them: one per status (statuses.poll_id points at it), its
// option titles and per-option tallies as JSON arrays (changed only under the poll's row lock),
// and one vote row per chosen option. `notified_at` is set in the same transaction that tells
// voters and the author the poll ended, so that happens once across processes and restarts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('polls')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('status_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('multiple', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hide_totals', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('tallies', 'text', (c) => c.notNull())
    .addColumn('votes_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('voters_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notified_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // The expiry notifier's question: ended, not yet told.
  await db.schema.createIndex('polls_unnotified').on('polls').columns(['notified_at', 'expires_at']).execute();
  await db.schema
    .createTable('poll_votes')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('poll_id', 'bigint', (c) => c.notNull())
    // The poll's status: a viewer's votes are looked up by the statuses on their page.
    .addColumn('status_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('choice', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('poll_votes_once', ['poll_id', 'account_id', 'choice'])
    .execute();
  await db.schema.createIndex('poll_votes_account').on('poll_votes').columns(['account_id', 'status_id']).execute();
  await db.schema.alterTable('statuses').addColumn('poll_id', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('statuses').dropColumn('poll_id').execute();
  await db.schema.dropTable('poll_votes').ifExists().execute();
  await db.schema.dropTable('polls').ifExists().execute();
}
