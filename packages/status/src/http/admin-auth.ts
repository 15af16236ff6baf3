// Who may post incidents and manage webhooks: the holder of STATUS_ADMIN_TOKEN, or (while the app
// is up) a token of the app's Owner/admin account, checked against the app itself. The static
// token is what works during an outage, which is exactly when admins need to post.
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { StatusError } from './errors.js';

const CACHE_MS = 60_000;

export class AdminAuth {
  private readonly cache = new Map<string, { ok: boolean; until: number }>();

  constructor(
    private readonly staticToken: string | undefined,
    private readonly appUrl: string,
  ) {}

  async require(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new StatusError(401, 'An admin token is required (Authorization: Bearer …)');
    if (!(await this.isAdmin(match[1]!))) throw new StatusError(403, 'This token is not an admin token');
  }

  async isAdmin(token: string): Promise<boolean> {
    if (this.staticToken && safeEqual(token, this.staticToken)) return true;
    const key = crypto.createHash('sha256').update(token).digest('hex');
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.ok;
    const ok = await this.askApp(token);
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(key, { ok, until: Date.now() + CACHE_MS });
    return ok;
  }

  private async askApp(token: string): Promise<boolean> {
    try {
      const response = await fetch(`${this.appUrl}/api/v1/accounts/verify_credentials`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(3000),
      });
      if (!response.ok) return false;
      const account = (await response.json()) as { role?: { name?: string; permissions?: string | number } };
      const role = account.role;
      if (!role) return false;
      if (role.name === 'Owner' || role.name === 'Admin') return true;
      // Mastodon's role permissions are a bit field; bit 0 is "administrator".
      const bits = BigInt(String(role.permissions ?? '0').replace(/\D/g, '') || '0');
      return (bits & 1n) === 1n;
    } catch {
      return false;
    }
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
