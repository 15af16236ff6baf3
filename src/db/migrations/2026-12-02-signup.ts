import type { Kysely } from 'kysely';

// Sign-up and sign-in (issue 11): confirmed email addresses, invites, one-time email links
// (confirmation, password reset) and two-factor sign-in. Existing accounts count as confirmed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  // The invite an account signed up with (Mastodon's invited_by filter goes through it).
  await db.schema.alterTable('accounts').addColumn('invite_id', 'bigint').execute();

  await db.schema
    .createTable('invites')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('max_uses', 'integer')
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invites_account').on('invites').columns(['account_id', 'id']).execute();

  // Links mailed to a person: only the SHA-256 of the token is kept, as for OAuth tokens.
  await db.schema
    .createTable('email_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_tokens_account').on('email_tokens').columns(['account_id', 'purpose']).execute();

  await db.schema
    .createTable('two_factor')
    .addColumn('account_id', 'bigint', (c) => c.primaryKey())
    // AES-256-GCM with the data directory's key: a database dump alone does not give codes.
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('enabled_at', 'bigint')
    // The last 30-second step a code was accepted for: a code is good once (RFC 6238 §5.2).
    .addColumn('last_step', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('two_factor_recovery_codes')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addPrimaryKeyConstraint('two_factor_recovery_codes_pk', ['account_id', 'code_hash'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['two_factor_recovery_codes', 'two_factor', 'email_tokens', 'invites']) await db.schema.dropTable(table).ifExists().execute();
  for (const column of ['confirmed', 'invite_id']) await db.schema.alterTable('accounts').dropColumn(column).execute();
}
