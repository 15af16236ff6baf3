import type { Kysely } from 'kysely';
import type { AppRow, Database, TokenRow } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';

type Db = Kysely<Database>;

export async function insertApp(db: Db, app: AppRow): Promise<void> {
  await db.insertInto('apps').values(app).execute();
}

export function findAppById(db: Db, id: number): Promise<AppRow | undefined> {
  return db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAppByClientId(db: Db, clientId: string): Promise<AppRow | undefined> {
  return db.selectFrom('apps').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export async function insertToken(db: Db, token: TokenRow): Promise<void> {
  await db.insertInto('tokens').values(token).execute();
}

export function findLiveToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('tokens')
    .leftJoin('accounts', 'accounts.id', 'tokens.account_id')
    .select(['tokens.id', 'tokens.app_id', 'tokens.account_id', 'tokens.scopes', 'tokens.created_at', 'accounts.suspended_at', 'accounts.disabled_at', 'accounts.confirmed', 'accounts.approved', 'accounts.role'])
    .where('tokens.token_hash', '=', tokenHash)
    .where('tokens.revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Every process forgets the token at once: `token.revoked` is published after commit. */
export async function revokeToken(tx: Tx, tokenHash: string, appId: number, now: number): Promise<void> {
  await tx.updateTable('tokens').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('app_id', '=', appId).execute();
  tx.emit({ type: 'token.revoked', tokenHash });
}

/** Revokes a token by its id (one given for a code that was then presented again). */
export async function revokeTokenById(tx: Tx, tokenId: number, now: number): Promise<void> {
  const row = await tx.selectFrom('tokens').select('token_hash').where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row) return;
  await tx.updateTable('tokens').set({ revoked_at: now }).where('id', '=', tokenId).execute();
  tx.emit({ type: 'token.revoked', tokenHash: row.token_hash });
}

export async function insertCode(db: Db, code: Database['oauth_codes']): Promise<void> {
  await db.insertInto('oauth_codes').values(code).execute();
}

export function findCode(db: Db, codeHash: string) {
  return db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

/**
 * Claims a code for the exchange that will give token `tokenId`: one conditional update, so of
 * any number of concurrent exchanges exactly one wins. On PostgreSQL the losers wait for the
 * winner's row lock, then find used_at set and update nothing.
 */
export async function claimCode(tx: Tx, codeHash: string, now: number, tokenId: number): Promise<boolean> {
  const result = await tx
    .updateTable('oauth_codes')
    .set({ used_at: now, token_id: tokenId })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Codes long expired: kept a while after use only to recognise a reuse. */
export async function deleteCodesExpiredBefore(db: Db, before: number): Promise<void> {
  await db.deleteFrom('oauth_codes').where('expires_at', '<', before).execute();
}
