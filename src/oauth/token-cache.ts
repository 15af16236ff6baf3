// Resolved access tokens, kept briefly in memory: every API request carries one, and looking it
// up costs a query (a network round trip on PostgreSQL). Revocation evicts at once, everywhere:
// the OAuth service (service.ts) hands this cache every event, from any process, that ends a
// token or an account's access.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SirbEvent } from '../events.js';
import { loginRefusalOf, type LoginRefusal, type RequestAuth } from '../http/auth.js';
import { unavailabilityOf } from '../db/availability.js';
import * as store from './store.js';

const TOKEN_CACHE_MS = 60_000;
const TOKEN_CACHE_MAX = 50_000;
/**
 * While the database cannot be reached, a token resolved before is still taken for this much
 * longer past its cache time (revocations heard as events still evict it): signed-in reads
 * served from caches keep working through a short outage.
 */
const TOKEN_STALE_GRACE_MS = 120_000;

export class TokenCache {
  /** Bumped by every revocation or (un)suspension heard: a look-up begun before one does not cache. */
  private generation = 0;
  /** Each entry keeps its account's id, so (un)suspending an account finds its tokens. */
  private tokenCache = new Map<string, { auth: RequestAuth | LoginRefusal; accountId: number | null; until: number }>();

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Forgets a token revoked in any process, and the tokens of accounts suspended, unsuspended,
   * disabled or enabled in any (one pass over the cache per batch of accounts, however many).
   */
  forget(event: SirbEvent): void {
    if (event.type === 'token.revoked') {
      this.generation += 1;
      this.tokenCache.delete(event.tokenHash);
    }
    if (event.type === 'account.access.changed') {
      this.generation += 1;
      for (const [hash, { accountId }] of this.tokenCache) if (accountId === event.accountId) this.tokenCache.delete(hash);
    }
    if (event.type === 'accounts.suspended' || event.type === 'accounts.unsuspended') {
      this.generation += 1;
      const accounts = new Set(event.accountIds);
      for (const [hash, { accountId }] of this.tokenCache) if (accountId !== null && accounts.has(accountId)) this.tokenCache.delete(hash);
    }
  }

  /** Who a token (by its SHA-256) speaks for, or why they may not sign in, or null: unknown or revoked. */
  async resolve(tokenHash: string): Promise<RequestAuth | LoginRefusal | null> {
    const now = Date.now();
    const cached = this.tokenCache.get(tokenHash);
    if (cached && cached.until > now) return cached.auth;
    const generation = this.generation;
    let row: Awaited<ReturnType<typeof store.findLiveToken>>;
    try {
      row = await store.findLiveToken(this.db, tokenHash);
    } catch (error) {
      if (cached && now - cached.until < TOKEN_STALE_GRACE_MS && unavailabilityOf(error)) return cached.auth;
      throw error;
    }
    const refusal = row && row.account_id !== null ? loginRefusalOf(row) : null;
    const auth: RequestAuth | LoginRefusal | null = !row
      ? null
      : refusal ?? { tokenId: row.id, appId: row.app_id, accountId: row.account_id, scopes: row.scopes.split(' '), role: row.role ?? null };
    // Unknown tokens are not cached: a flood of random tokens must not fill memory. Nor are
    // tokens of accounts waiting for approval or confirmation: those end without an event.
    if (auth && auth !== 'pending' && auth !== 'unconfirmed') {
      if (this.tokenCache.size >= TOKEN_CACHE_MAX) this.tokenCache.delete(this.tokenCache.keys().next().value!);
      // A revocation or suspension heard while the row was read may be newer than the row.
      if (generation === this.generation) this.tokenCache.set(tokenHash, { auth, accountId: row!.account_id === null ? null : Number(row!.account_id), until: now + TOKEN_CACHE_MS });
    }
    return auth;
  }
}
