// Limits on failed sign-ins, for the sign-in page and the password grant alike. Each failure is
// counted against the account (or, for a login that names none, against that login, so unknown
// and known logins answer alike) and against the client's IP. Once either count is spent, every
// attempt is refused with 429 until its window ends, the right password included: otherwise a
// guesser would learn the password the moment it stops being refused. Only failures count, so a
// client that signs in often (the status prober) is never locked out by its own successes.
//
// A stranger must not be able to lock a person (or the prober, whose username is public) out
// from afar: an address the account signed in from during this window or the last one is not
// held to the account's count, only to its own per-IP one. The counters live in the rate-limit
// store, shared by all processes through Redis when there is one.
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
    const [account, ip] = this.counters(attempt);
    for (const [key, limit, windowMs] of [account, ip]) {
      const seen = await this.store.peek(key, windowMs, now);
      if (seen.count < limit || (key === account[0] && (await this.knownAddress(attempt, now)))) continue;
      resetAt = Math.max(resetAt, seen.resetAt);
    }
    return resetAt ? tooManyRequests(reply, resetAt, now, LOCKED_OUT) : undefined;
  }

  async recordFailure(attempt: LoginAttempt): Promise<void> {
    const now = this.clock();
    for (const [key, , windowMs] of this.counters(attempt)) await this.store.hit(key, windowMs, now);
  }

  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    await this.store.hit(this.knownAddressKey(attempt), this.limits.accountWindowSeconds * 1000, this.clock());
  }

  /** Whether the account signed in from this address in this window or the one before. */
  private async knownAddress(attempt: LoginAttempt, now: number): Promise<boolean> {
    const key = this.knownAddressKey(attempt);
    const windowMs = this.limits.accountWindowSeconds * 1000;
    for (const at of [now, now - windowMs]) if ((await this.store.peek(key, windowMs, at)).count > 0) return true;
    return false;
  }

  private knownAddressKey(attempt: LoginAttempt): string {
    return `login-ok:${attempt.subject}:${attempt.ip}`;
  }

  private counters(attempt: LoginAttempt): [key: string, limit: number, windowMs: number][] {
    const { failuresPerAccount, accountWindowSeconds, failuresPerIp, ipWindowSeconds } = this.limits;
    return [
      [`login-failures:${attempt.subject}`, failuresPerAccount, accountWindowSeconds * 1000],
      [`login-failures:ip:${attempt.ip}`, failuresPerIp, ipWindowSeconds * 1000],
    ];
  }
}
