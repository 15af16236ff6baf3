// The offline banner's one-tap "Report a problem": sent to the status service, which is not this
// server and so still answers while it does not (docs/status.md). It goes with the signed-in
// user's token, so the status service can count it as that account (it asks the app whose token
// it is; when the app cannot answer, the report still counts, as an anonymous one), and with a
// random id this browser keeps, so people behind one address are told apart.
// Once per outage: after it is sent (or the status service says it has it), the button gives way
// to a thank-you until the app is reachable again; a reload meanwhile does not offer it again.
import { createStore, readJson, writeJson } from './store';
import { health, statusPageUrl } from './outage';
import { session } from '../auth/session';

export type OutageReportState = 'idle' | 'sending' | 'sent' | 'failed';

const REPORTED_KEY = 'sirb.outageReportedAt';
const CLIENT_KEY = 'sirb.reporterId';
/** The status service counts a reporter once per problem per 15 minutes; so does this. */
const SAME_PROBLEM_MS = 15 * 60_000;
const SEND_DEADLINE_MS = 10_000;

function reportedRecently(): boolean {
  const at = readJson<number | null>(REPORTED_KEY, null);
  return typeof at === 'number' && Date.now() - at < SAME_PROBLEM_MS;
}

export const outageReport = createStore<OutageReportState>(reportedRecently() ? 'sent' : 'idle');
// Kept on this device only: the server renders (and hydration starts) without it.
outageReport.serverGet = () => 'idle';

// The app answering again ends the problem: the next outage may be reported anew.
let lastHealth = health.get();
health.subscribe(() => {
  const now = health.get();
  if (lastHealth === 'down' && now === 'up') {
    writeJson(REPORTED_KEY, null);
    outageReport.set('idle');
  }
  lastHealth = now;
});

/** This browser's stored random id (the status service's `client`: 16–64 of A–Z a–z 0–9 _ -). */
function reporterId(): string {
  const kept = readJson<string | null>(CLIENT_KEY, null);
  if (kept && /^[A-Za-z0-9_-]{16,64}$/.test(kept)) return kept;
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  const id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  writeJson(CLIENT_KEY, id);
  return id;
}

/** Sends the report; a second tap for the same outage sends nothing. */
export async function reportOutage(): Promise<void> {
  const base = statusPageUrl.get();
  const state = outageReport.get();
  if (!base || state === 'sending' || state === 'sent') return;
  outageReport.set('sending');
  const token = session.get()?.token;
  try {
    const response = await fetch(`${base.replace(/\/+$/, '')}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ problem: 'website', client: reporterId() }),
      signal: AbortSignal.timeout(SEND_DEADLINE_MS),
    });
    // 429: this connection already reported as much as it may, and the service says it has them.
    if (response.ok || response.status === 429) {
      writeJson(REPORTED_KEY, Date.now());
      outageReport.set('sent');
    } else outageReport.set('failed');
  } catch {
    outageReport.set('failed');
  }
}
