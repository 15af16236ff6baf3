import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// Substring search (LIKE '%word%') over the Arabic-folded text. PostgreSQL can index that with
// trigrams; SQLite has no such index and scans, which is fine at embedded scale.
export function searchIndexMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`create extension if not exists pg_trgm`.execute(db);
      await sql`create index if not exists statuses_search_trgm on statuses using gin (search_text gin_trgm_ops)`.execute(db);
      await sql`create index if not exists accounts_search_trgm on accounts using gin (search_text gin_trgm_ops)`.execute(db);
      await sql`create index if not exists tags_name_key_pattern on tags (name_key text_pattern_ops)`.execute(db);
    },
    async down(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`drop index if exists statuses_search_trgm`.execute(db);
      await sql`drop index if exists accounts_search_trgm`.execute(db);
      await sql`drop index if exists tags_name_key_pattern`.execute(db);
    },
  };
}
