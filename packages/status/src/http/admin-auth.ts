// Who may post incidents and manage webhooks: the holder of STATUS_ADMIN_TOKEN, or (while the app
// is up) a token of the app's Owner/admin account that carries Mastodon's admin scope for the
// action (admin:read to look, admin:write to change), both checked against the app itself. The
// static token is what works during an outage, which is exactly when admins need to post.
//
// Positive answers are never cached: every admin request asks the app again, so a revoked token or
// a demoted account stops working at once. Only definite refusals are remembered, briefly, so a
// flood of bad tokens is not passed on to the app; a token cannot gain scopes, and an account that
// becomes an admin waits at most NEGATIVE_MS.
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { StatusError } from './errors.js';

const NEGATIVE_MS = 10_000;
const CACHE_MAX = 1000;

export type AdminScope = 'admin:read' | 'admin:write';

type Verdict = { ok: true } | { ok: false; reason: string; definite: boolean };

export class AdminAuth {
  private readonly refused = new Map<string, { reason: string; until: number }>();

  constructor(
    private readonly staticToken: string | undefined,
    private readonly appUrl: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Throws 401/403 unless the request's bearer token may perform an action needing `scope`. */
  async require(request: FastifyRequest, scope: AdminScope = request.method === 'GET' || request.method === 'HEAD' ? 'admin:read' : 'admin:write'): Promise<void> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new StatusError(401, 'An admin token is required (Authorization: Bearer …)');
    const verdict = await this.check(match[1]!, scope);
    if (!verdict.ok) throw new StatusError(403, verdict.reason);
  }

  async check(token: string, scope: AdminScope): Promise<Verdict> {
    if (this.staticToken && safeEqual(token, this.staticToken)) return { ok: true };
    const key = crypto.createHash('sha256').update(`${scope} ${token}`).digest('hex');
    const now = this.clock();
    const hit = this.refused.get(key);
    if (hit && hit.until > now) return { ok: false, reason: hit.reason, definite: true };
    const verdict = await this.askApp(token, scope);
    if (!verdict.ok && verdict.definite) {
      if (this.refused.size >= CACHE_MAX) this.refused.clear();
      this.refused.set(key, { reason: verdict.reason, until: now + NEGATIVE_MS });
    }
    return verdict;
  }

  private async askApp(token: string, scope: AdminScope): Promise<Verdict> {
    try {
      // Doorkeeper's token info (Mastodon serves it): the scopes this token was granted.
      const info = await this.get<{ scope?: unknown }>('/oauth/token/info', token);
      if (info === 'rejected') return { ok: false, reason: 'This token is not an admin token', definite: true };
      const scopes = Array.isArray(info.scope) ? info.scope.map(String) : String(info.scope ?? '').split(/\s+/);
      if (!scopes.includes(scope)) return { ok: false, reason: `This token lacks the ${scope} scope`, definite: true };
      const account = await this.get<{ role?: { name?: string; permissions?: string | number } }>('/api/v1/accounts/verify_credentials', token);
      if (account === 'rejected') return { ok: false, reason: `This token cannot show whose it is: it needs profile or read:accounts beside ${scope}`, definite: true };
      if (!isAdminRole(account.role)) return { ok: false, reason: 'This token is not an admin token', definite: true };
      return { ok: true };
    } catch {
      return { ok: false, reason: 'The app could not confirm this token; use STATUS_ADMIN_TOKEN while it is down', definite: false };
    }
  }

  /** A 2xx JSON answer, 'rejected' on 401/403, and a throw on anything else (the app is unwell). */
  private async get<T>(path: string, token: string): Promise<T | 'rejected'> {
    const response = await fetch(`${this.appUrl}${path}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(3000),
      redirect: 'error',
    });
    if (response.status === 401 || response.status === 403) {
      await response.arrayBuffer().catch(() => undefined);
      return 'rejected';
    }
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return (await response.json()) as T;
  }
}

function isAdminRole(role: { name?: string; permissions?: string | number } | undefined): boolean {
  if (!role) return false;
  if (role.name === 'Owner' || role.name === 'Admin') return true;
  // Mastodon's role permissions are a bit field; bit 0 is "administrator".
  const bits = BigInt(String(role.permissions ?? '0').replace(/\D/g, '') || '0');
  return (bits & 1n) === 1n;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
