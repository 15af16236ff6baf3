// Whether the API is reachable. A network failure or a 5xx marks it down; any answer below 500
// marks it up again. While down, it is probed every few seconds so the app notices the return
// without the reader doing anything. The status page URL is cached so it is known while down.
import { createStore, readJson, writeJson } from './store';

export type Health = 'up' | 'down';
export const health = createStore<Health>('up');
const STATUS_URL_KEY = 'sirb.statusUrl';
export const statusPageUrl = createStore<string | null>(readJson<string | null>(STATUS_URL_KEY, null));

export function rememberStatusUrl(url: string | null | undefined): void {
  if (!url) return;
  writeJson(STATUS_URL_KEY, url);
  statusPageUrl.set(url);
}

let probe: ReturnType<typeof setInterval> | undefined;
const PROBE_MS = 2000;

export function reportDown(): void {
  health.set('down');
  if (probe) return;
  probe = setInterval(() => void probeNow(), PROBE_MS);
}

export function reportUp(): void {
  if (probe) clearInterval(probe);
  probe = undefined;
  health.set('up');
}

export async function probeNow(): Promise<void> {
  try {
    const res = await fetch('/api/v2/instance', { cache: 'no-store' });
    if (res.status >= 500) reportDown();
    else {
      const instance = await res.json().catch(() => null);
      rememberStatusUrl(instance?.configuration?.urls?.status ?? instance?.status_page_url);
      reportUp();
    }
  } catch {
    reportDown();
  }
}
