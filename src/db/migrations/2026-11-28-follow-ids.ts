import { sql, type Kysely } from 'kysely';

// Follows get their own time-sortable id. Follower and following lists page by it; created_at
// alone is not unique, so follows made in the same millisecond were skipped or repeated
// across pages.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('follows').addColumn('id', 'bigint').execute();
  // Follows made before this migration: an id from their time (as newId would have made it),
  // kept apart within a millisecond by the follower's id.
  await sql`update follows set id = (created_at - 1577836800000) * 4096 + (account_id % 4096) where id is null`.execute(db);
  await db.schema.createIndex('follows_target_by_id').on('follows').columns(['target_account_id', 'id']).execute();
  await db.schema.createIndex('follows_account_by_id').on('follows').columns(['account_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('follows_account_by_id').ifExists().execute();
  await db.schema.dropIndex('follows_target_by_id').ifExists().execute();
  await db.schema.alterTable('follows').dropColumn('id').execute();
}
