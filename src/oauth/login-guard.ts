// Limits on failed sign-ins, for the sign-in page and the password grant alike. Each failure is
// counted against the account (or, for a login that names none, against that login, so unknown
// and known logins answer alike) and against the client's IP. Once either count is spent, every
// attempt is refused with 429 until its window ends, the right password included: otherwise a
// guesser would learn the password the moment it stops being refused. Only failures count, so a
// client that signs in often (the status prober) is never locked out by its own successes. The
// counters live in the rate-limit store, shared by all processes through Redis when there is one.
import type { FastifyReply } from 'fastify';
import type { LoginLimitConfig } from '../config.js';
import type { RateLimitStore } from '../http/rate-limit.js';
import { tooManyRequests } from '../http/rate-limit.js';
import type { ApiError } from '../http/errors.js';

export const LOCKED_OUT = 'Too many failed sign-in attempts; try again later';

export interface LoginAttempt {
  ip: string;
  /** `account:<id>` when the login names an account, else `login:<the login>`. */
  subject: string;
}

export class LoginGuard {
  constructor(
    private readonly store: RateLimitStore,
    private readonly limits: LoginLimitConfig,
    private readonly accountIdOf: (login: string) => Promise<number | undefined>,
    private readonly clock: () => number = Date.now,
  ) {}

  async attempt(ip: string, login: string): Promise<LoginAttempt> {
    const id = await this.accountIdOf(login);
    return { ip, subject: id === undefined ? `login:${login.trim().toLowerCase()}` : `account:${id}` };
  }

  /** The 429 to answer (Retry-After already set on `reply`) when this attempt is locked out. */
  async refusal(attempt: LoginAttempt, reply: FastifyReply): Promise<ApiError | undefined> {
    const now = this.clock();
    let resetAt = 0;
    for (const [key, limit, windowMs] of this.counters(attempt)) {
      const seen = await this.store.peek(key, windowMs, now);
      if (seen.count >= limit) resetAt = Math.max(resetAt, seen.resetAt);
    }
    return resetAt ? tooManyRequests(reply, resetAt, now, LOCKED_OUT) : undefined;
  }

  async recordFailure(attempt: LoginAttempt): Promise<void> {
    const now = this.clock();
    for (const [key, , windowMs] of this.counters(attempt)) await this.store.hit(key, windowMs, now);
  }

  private counters(attempt: LoginAttempt): [key: string, limit: number, windowMs: number][] {
    const { failuresPerAccount, accountWindowSeconds, failuresPerIp, ipWindowSeconds } = this.limits;
    return [
      [`login-failures:${attempt.subject}`, failuresPerAccount, accountWindowSeconds * 1000],
      [`login-failures:ip:${attempt.ip}`, failuresPerIp, ipWindowSeconds * 1000],
    ];
  }
}
