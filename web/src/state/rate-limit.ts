// The server's answer "too many requests" (429): it is up and answering, so this is not an
// outage; the reader is told, in their language, when they may go on (Retry-After), and the
// outbox holds queued posts until then instead of spending the next window's allowance.
import { createStore } from './store';

/** When the server said requests are accepted again (ms since the epoch), or null. */
export const rateLimitedUntil = createStore<number | null>(null);
let clear: ReturnType<typeof setTimeout> | undefined;

/** Retry-After is seconds or an HTTP date (RFC 9110); missing or unreadable, a minute. */
export function retryAtFrom(header: string | null, now = Date.now()): number {
  const value = header?.trim() ?? '';
  if (/^\d+$/.test(value)) return now + Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? now + 60_000 : Math.max(date, now);
}

/** Notes a 429; returns when to retry. */
export function reportRateLimited(retryAfter: string | null): number {
  const until = retryAtFrom(retryAfter);
  rateLimitedUntil.set(until);
  if (clear) clearTimeout(clear);
  // setTimeout's limit is 2^31-1 ms (24.8 days); a window longer than that is cleared at reload.
  clear = setTimeout(() => rateLimitedUntil.set(null), Math.min(until - Date.now(), 2 ** 31 - 1));
  return until;
}

export function isRateLimited(now = Date.now()): boolean {
  const until = rateLimitedUntil.get();
  return until !== null && until > now;
}
