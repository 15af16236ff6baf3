import type { Kysely } from 'kysely';

// What moderators (and sign-up approval) can set on an account, beside suspended_at (issue 11):
// Mastodon's silence ("limited"), sensitive media, a disabled login, and approval of sign-ups
// (existing accounts are approved). One migration for all, so every part reads the same columns.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('silenced_at', 'bigint').execute();
  await db.schema.alterTable('accounts').addColumn('sensitized_at', 'bigint').execute();
  await db.schema.alterTable('accounts').addColumn('disabled_at', 'bigint').execute();
  await db.schema.alterTable('accounts').addColumn('approved', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('accounts').addColumn('sign_up_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['silenced_at', 'sensitized_at', 'disabled_at', 'approved', 'sign_up_reason']) {
    await db.schema.alterTable('accounts').dropColumn(column).execute();
  }
}
