import type { Kysely } from 'kysely';

// Fan-out work that could not reach Redis (issue 13): events whose home-feed updates failed
// while Redis was unavailable, kept here until it answers again and they are replayed
// (timelines/fanout-backlog.ts), so no follower's cached home misses a post. Empty otherwise.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fanout_backlog')
    // Time-sortable (newId): replayed in the order the writes were made.
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    // The event (events.ts SirbEvent) as JSON.
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fanout_backlog').ifExists().execute();
}
