// Whether the API is reachable. A network failure, no answer by the request's deadline
// (api/deadline.ts: a hung server) or a 5xx marks it down; any answer below 500
// marks it up again. While down, it is probed every few seconds so the app notices the return
// without the reader doing anything. The status page URL is cached so it is known while down.
import { createStore, readJson, writeJson } from './store';
import { PROBE_DEADLINE_MS, withDeadline } from '../api/deadline';

export type Health = 'up' | 'down';
export const health = createStore<Health>('up');
const STATUS_URL_KEY = 'sirb.statusUrl';
export const statusPageUrl = createStore<string | null>(readJson<string | null>(STATUS_URL_KEY, null));
// Kept on this device only: the server renders (and hydration starts) without it.
statusPageUrl.serverGet = () => null;

export function rememberStatusUrl(url: string | null | undefined): void {
  if (!url) return;
  writeJson(STATUS_URL_KEY, url);
  statusPageUrl.set(url);
}

let prober: ReturnType<typeof setInterval> | undefined;
const PROBE_MS = 2000;
/**
 * Set by a 503 that said when to retry (Retry-After): the server is up but cannot save (its
 * database is away). Reads may still be served from its caches meanwhile, and their answers
 * must not make the app think all is well: only the probe (asking /readyz) says it is back.
 */
let degraded = false;

export function reportDown(retryAfter?: string | null): void {
  if (retryAfter) degraded = true;
  health.set('down');
  if (prober) return;
  prober = setInterval(() => void probeNow(), PROBE_MS);
}

export function reportUp(fromProbe = false): void {
  if (degraded && !fromProbe) return;
  degraded = false;
  if (prober) clearInterval(prober);
  prober = undefined;
  health.set('up');
}

let probing: Promise<void> | null = null;

/** Asks the API whether it answers; a probe already under way is shared, not doubled. */
export function probeNow(): Promise<void> {
  probing ??= probe().finally(() => {
    probing = null;
  });
  return probing;
}

async function probe(): Promise<void> {
  try {
    // A hung server must not leave probes waiting forever (one starts every PROBE_MS). Ready
    // means the server can save again, not just answer (an older server has no /readyz: 404).
    const { ready, res, instance } = await withDeadline(PROBE_DEADLINE_MS, async (signal) => {
      const readiness = await fetch('/readyz', { cache: 'no-store', signal });
      if (readiness.status >= 500) return { ready: readiness, res: readiness, instance: null };
      const answer = await fetch('/api/v2/instance', { cache: 'no-store', signal });
      return { ready: readiness, res: answer, instance: answer.status < 500 ? await answer.json().catch(() => null) : null };
    });
    if (ready.status >= 500) return reportDown(ready.headers.get('retry-after'));
    if (res.status >= 500) reportDown();
    else {
      rememberStatusUrl(instance?.configuration?.urls?.status ?? instance?.status_page_url);
      reportUp(true);
    }
  } catch {
    reportDown();
  }
}
