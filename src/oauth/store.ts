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
    .select(['tokens.id', 'tokens.app_id', 'tokens.account_id', 'tokens.scopes', 'tokens.created_at', 'accounts.suspended_at', 'accounts.role'])
    .where('tokens.token_hash', '=', tokenHash)
    .where('tokens.revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Every process forgets the token at once: `token.revoked` is published after commit. */
export async function revokeToken(tx: Tx, tokenHash: string, appId: number, now: number): Promise<void> {
  await tx.updateTable('tokens').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('app_id', '=', appId).execute();
  tx.emit({ type: 'token.revoked', tokenHash });
}

export async function insertCode(db: Db, code: Database['oauth_codes']): Promise<void> {
  await db.insertInto('oauth_codes').values(code).execute();
}

/** A code is good for one exchange: it is deleted as it is read. */
export async function takeCode(db: Db, codeHash: string) {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('oauth_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
    if (row) await trx.deleteFrom('oauth_codes').where('code_hash', '=', codeHash).execute();
    return row;
  });
}
