import crypto from 'node:crypto';
import type { Kysely } from 'kysely';

// Issue 10, findings 8 and 18.
// - An authorization code is no longer deleted as it is read (two concurrent exchanges could both
//   read it first): it is claimed by one conditional update (used_at), and keeps the id of the
//   token it gave, so that a second presentation can revoke that token (RFC 6749 §4.1.2).
// - Client secrets are kept as their SHA-256 only: they are 256 random bits, so a fast hash is
//   enough (nothing to guess), and a leaked database no longer hands out every app's secret.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oauth_codes').addColumn('used_at', 'bigint').execute();
  await db.schema.alterTable('oauth_codes').addColumn('token_id', 'bigint').execute();

  await db.schema.alterTable('apps').addColumn('client_secret_hash', 'text', (c) => c.notNull().defaultTo('')).execute();
  // Hashed here rather than in SQL: SQLite has no SHA-256. Apps are few (one per client install).
  const apps = await db.selectFrom('apps').select(['id', 'client_secret']).execute();
  for (const app of apps) {
    const hash = crypto.createHash('sha256').update(String(app.client_secret)).digest('hex');
    await db.updateTable('apps').set({ client_secret_hash: hash }).where('id', '=', app.id).execute();
  }
  await db.schema.alterTable('apps').dropColumn('client_secret').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // The clear secrets are gone for good: apps registered before must register again.
  await db.schema.alterTable('apps').addColumn('client_secret', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('apps').dropColumn('client_secret_hash').execute();
  await db.schema.alterTable('oauth_codes').dropColumn('token_id').execute();
  await db.schema.alterTable('oauth_codes').dropColumn('used_at').execute();
}
