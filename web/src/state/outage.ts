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

export function rememberStatusUrl(url: string | null | undefined): void {
  if (!url) return;
  writeJson(STATUS_URL_KEY, url);
  statusPageUrl.set(url);
}

let prober: ReturnType<typeof setInterval> | undefined;
const PROBE_MS = 2000;

export function reportDown(): void {
  health.set('down');
  if (prober) return;
  prober = setInterval(() => void probeNow(), PROBE_MS);
}

export function reportUp(): void {
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
    // A hung server must not leave probes waiting forever (one starts every PROBE_MS).
    const { res, instance } = await withDeadline(PROBE_DEADLINE_MS, async (signal) => {
      const answer = await fetch('/api/v2/instance', { cache: 'no-store', signal });
      return { res: answer, instance: answer.status < 500 ? await answer.json().catch(() => null) : null };
    });
    if (res.status >= 500) reportDown();
    else {
      rememberStatusUrl(instance?.configuration?.urls?.status ?? instance?.status_page_url);
      reportUp();
    }
  } catch {
    reportDown();
  }
}
