// Two-factor sign-in as Mastodon has it: TOTP (RFC 6238: 6 digits, 30 s, SHA-1, what every
// authenticator app reads from an otpauth:// URI) plus ten single-use recovery codes. TOTP
// itself comes from `otpauth`: small, dependency-free, maintained, and checked against the
// RFC's test vectors, so the HMAC truncation and time-step arithmetic are not ours to get wrong.
// The secret is sealed (AES-256-GCM, key in the data directory) and never shown after set-up;
// a code is accepted once (the step it was for is remembered), recovery codes once each.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import * as OTPAuth from 'otpauth';
import type { Database } from '../db/schema.js';
import { ApiError } from '../http/errors.js';
import { dataDirKey } from '../lib/data-dir-key.js';

type Db = Kysely<Database>;
const PERIOD_S = 30;
const RECOVERY_CODES = 10;
/** How long the password step of a sign-in stays good while the code is asked for. */
const TICKET_TTL_MS = 5 * 60_000;
export const OTP_PATTERN = /^[0-9]{6}$/;
export const RECOVERY_CODE_PATTERN = /^[0-9a-f]{10}$/;

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
const unprocessable = (message: string) => new ApiError(422, message);

/** Whether the account signs in with a second factor (the password grant refuses it then). */
export async function hasTwoFactor(db: Db, accountId: number): Promise<boolean> {
  const row = await db.selectFrom('two_factor').select('enabled_at').where('account_id', '=', accountId).executeTakeFirst();
  return !!row && row.enabled_at !== null;
}

export class TwoFactor {
  private readonly sealKey: Buffer;
  private readonly ticketKey: Buffer;

  constructor(
    private readonly db: Db,
    key: Buffer,
    private readonly issuer: string,
    private readonly clock: () => number = Date.now,
  ) {
    // One file, two keys: sealing secrets and signing sign-in tickets never share a key.
    this.sealKey = Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), 'sirb two-factor seal', 32));
    this.ticketKey = Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), 'sirb two-factor ticket', 32));
  }

  static fromDataDir(db: Db, dataDir: string, issuer: string, clock?: () => number): TwoFactor {
    return new TwoFactor(db, dataDirKey(dataDir, 'two-factor.key'), issuer, clock);
  }

  private seal(secret: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.sealKey, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url')).join('.');
  }

  private unseal(text: string): string {
    const [iv, tag, sealed] = text.split('.').map((p) => Buffer.from(p, 'base64url'));
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.sealKey, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
  }

  private totp(secretBase32: string, label: string): OTPAuth.TOTP {
    return new OTPAuth.TOTP({ issuer: this.issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD_S, secret: OTPAuth.Secret.fromBase32(secretBase32) });
  }

  isEnabled(accountId: number): Promise<boolean> {
    return hasTwoFactor(this.db, accountId);
  }

  async status(accountId: number): Promise<{ enabled: boolean; recovery_codes_left: number }> {
    const enabled = await this.isEnabled(accountId);
    const left = await this.db.selectFrom('two_factor_recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).where('used_at', 'is', null).executeTakeFirstOrThrow();
    return { enabled, recovery_codes_left: enabled ? Number(left.n) : 0 };
  }

  /** A new secret, not yet in force: the first good code (confirm) turns it on. */
  async begin(accountId: number, label: string): Promise<{ secret: string; uri: string }> {
    if (await this.isEnabled(accountId)) throw unprocessable('Two-factor authentication is already enabled');
    const secret = new OTPAuth.Secret({ size: 20 }).base32;
    const now = this.clock();
    await this.db.deleteFrom('two_factor').where('account_id', '=', accountId).execute();
    await this.db.insertInto('two_factor').values({ account_id: accountId, secret_sealed: this.seal(secret), enabled_at: null, last_step: null, created_at: now }).execute();
    return { secret, uri: this.totp(secret, label).toString() };
  }

  /** Turns two-factor on with a first code from the app; the recovery codes, shown this once. */
  async confirm(accountId: number, code: string): Promise<string[]> {
    const row = await this.db.selectFrom('two_factor').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    if (!row) throw unprocessable('Two-factor set-up has not been started');
    if (row.enabled_at !== null) throw unprocessable('Two-factor authentication is already enabled');
    if (!(await this.acceptTotp(accountId, code))) throw unprocessable('Invalid two-factor code');
    const codes = Array.from({ length: RECOVERY_CODES }, () => crypto.randomBytes(5).toString('hex'));
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('two_factor').set({ enabled_at: this.clock() }).where('account_id', '=', accountId).execute();
      await trx.deleteFrom('two_factor_recovery_codes').where('account_id', '=', accountId).execute();
      await trx.insertInto('two_factor_recovery_codes').values(codes.map((c) => ({ account_id: accountId, code_hash: sha256(c), used_at: null }))).execute();
    });
    return codes;
  }

  async disable(accountId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('two_factor').where('account_id', '=', accountId).execute();
      await trx.deleteFrom('two_factor_recovery_codes').where('account_id', '=', accountId).execute();
    });
  }

  /** A code from the app (once per step, a step either side allowed) or an unused recovery code. */
  async verify(accountId: number, code: string): Promise<boolean> {
    const given = code.replace(/\s+/g, '').toLowerCase();
    if (OTP_PATTERN.test(given)) return this.acceptTotp(accountId, given);
    if (!RECOVERY_CODE_PATTERN.test(given)) return false;
    const used = await this.db
      .updateTable('two_factor_recovery_codes')
      .set({ used_at: this.clock() })
      .where('account_id', '=', accountId)
      .where('code_hash', '=', sha256(given))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(used.numUpdatedRows) === 1;
  }

  private async acceptTotp(accountId: number, code: string): Promise<boolean> {
    if (!OTP_PATTERN.test(code)) return false;
    const row = await this.db.selectFrom('two_factor').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    if (!row) return false;
    const now = this.clock();
    const delta = this.totp(this.unseal(row.secret_sealed), 'x').validate({ token: code, timestamp: now, window: 1 });
    if (delta === null) return false;
    const step = Math.floor(now / 1000 / PERIOD_S) + delta;
    // Claimed with one conditional update: the same code twice (or concurrently) works once.
    const claimed = await this.db
      .updateTable('two_factor')
      .set({ last_step: step })
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1;
  }

  /** Proof that the password step passed for this account, carried by the code form. */
  ticketFor(accountId: number): string {
    const body = `${accountId}.${this.clock() + TICKET_TTL_MS}`;
    return `${body}.${crypto.createHmac('sha256', this.ticketKey).update(body).digest('base64url')}`;
  }

  /** The account a live ticket is for, or null. */
  accountOfTicket(ticket: string): number | null {
    const match = /^([0-9]{1,16})\.([0-9]{1,16})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
    if (!match) return null;
    const expected = crypto.createHmac('sha256', this.ticketKey).update(`${match[1]}.${match[2]}`).digest();
    const given = Buffer.from(match[3], 'base64url');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
    return Number(match[2]) > this.clock() ? Number(match[1]) : null;
  }
}
