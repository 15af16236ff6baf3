import type { Kysely } from 'kysely';

// Link preview cards (issue 15): a page's OpenGraph / Twitter-card / oEmbed description, fetched
// once per URL (src/cards/), and which card a status shows (its first link's).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('preview_cards')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    // The link as posted (normalised: http(s), no fragment): the cache key.
    .addColumn('url', 'text', (c) => c.notNull().unique())
    // The PreviewCard entity's fields as JSON, so new fields need no migration.
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('status_cards')
    .addColumn('status_id', 'bigint', (c) => c.primaryKey())
    .addColumn('card_id', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('status_cards_card').on('status_cards').column('card_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_cards').ifExists().execute();
  await db.schema.dropTable('preview_cards').ifExists().execute();
}
