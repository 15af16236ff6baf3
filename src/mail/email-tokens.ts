// One-time tokens behind mailed links. The link carries the token; the database keeps only its
// SHA-256, so a leaked database gives no working link. Taking a token deletes it (used once).
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';

export type EmailTokenPurpose = 'confirm' | 'reset';

/** Mastodon's windows: three days to confirm, six hours to reset a password. */
export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = { confirm: 3 * 86_400_000, reset: 6 * 3_600_000 };

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
export const EMAIL_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new token for the account; earlier ones for the same purpose stop working. */
export async function issueEmailToken(db: Kysely<Database>, accountId: number, purpose: EmailTokenPurpose, now: number): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('email_tokens').where('account_id', '=', accountId).where('purpose', '=', purpose).execute();
    await trx.insertInto('email_tokens').values({ token_hash: sha256(token), account_id: accountId, purpose, expires_at: now + EMAIL_TOKEN_TTL_MS[purpose], created_at: now }).execute();
  });
  return token;
}

/** The account a live token is for, without using it up (the reset page shows its form). */
export async function peekEmailToken(db: Kysely<Database>, token: string, purpose: EmailTokenPurpose, now: number): Promise<number | null> {
  if (!EMAIL_TOKEN_PATTERN.test(token)) return null;
  const row = await db.selectFrom('email_tokens').select(['account_id', 'expires_at']).where('token_hash', '=', sha256(token)).where('purpose', '=', purpose).executeTakeFirst();
  return row && Number(row.expires_at) > now ? Number(row.account_id) : null;
}

/** Uses a token up in the caller's transaction: the account it was for, or null (unknown, expired, used). */
export async function takeEmailToken(tx: Tx, token: string, purpose: EmailTokenPurpose, now: number): Promise<number | null> {
  if (!EMAIL_TOKEN_PATTERN.test(token)) return null;
  const hash = sha256(token);
  const row = await tx.selectFrom('email_tokens').select(['account_id', 'expires_at']).where('token_hash', '=', hash).where('purpose', '=', purpose).executeTakeFirst();
  if (!row) return null;
  const deleted = await tx.deleteFrom('email_tokens').where('token_hash', '=', hash).executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1 || Number(row.expires_at) <= now) return null;
  return Number(row.account_id);
}
