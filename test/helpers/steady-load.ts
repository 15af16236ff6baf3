// A steady client load for outage tests and chaos benchmarks: writers post at a pace, readers
// read their home timelines at a pace, and every answer is kept (when, what, status, how long)
// so the test can say what was answered during each phase, and which posts were acknowledged.
// A request that gets no answer within `timeoutMs` counts as status 0, as does a refused one.
import { setTimeout as delay } from 'node:timers/promises';

export interface LoadClient {
  baseUrl: string;
  token: string;
  /** A name for reports (the account's username). */
  name: string;
}

export interface LoadAnswer {
  kind: 'post' | 'home';
  client: string;
  /** performance.now() when the request was sent, and how long the answer took. */
  at: number;
  ms: number;
  status: number;
}

export interface AcknowledgedPost {
  id: string;
  writer: string;
  at: number;
}

export interface SteadyLoad {
  answers: LoadAnswer[];
  acknowledged: AcknowledgedPost[];
  /** Stops sending and resolves once every request under way has its answer. */
  stop(): Promise<void>;
}

async function timed(client: LoadClient, method: string, path: string, timeoutMs: number, body?: unknown) {
  const started = performance.now();
  try {
    const res = await fetch(`${client.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${client.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { started, ms: performance.now() - started, status: res.status, text };
  } catch {
    return { started, ms: performance.now() - started, status: 0, text: '' };
  }
}

export function steadyLoad(options: { writers: LoadClient[]; readers: LoadClient[]; postEveryMs: number; readEveryMs: number; timeoutMs?: number }): SteadyLoad {
  const { timeoutMs = 15_000 } = options;
  const answers: LoadAnswer[] = [];
  const acknowledged: AcknowledgedPost[] = [];
  let running = true;
  let serial = 0;

  const loop = async (client: LoadClient, everyMs: number, once: () => Promise<void>) => {
    // Spread the clients over the period rather than all at once.
    await delay(Math.random() * everyMs);
    while (running) {
      const started = performance.now();
      await once();
      await delay(Math.max(everyMs - (performance.now() - started), 0));
    }
  };
  const post = (client: LoadClient) => async () => {
    const text = `steady ${client.name} ${++serial} #chaos`;
    const res = await timed(client, 'POST', '/api/v1/statuses', timeoutMs, { status: text, visibility: 'public' });
    answers.push({ kind: 'post', client: client.name, at: res.started, ms: res.ms, status: res.status });
    if (res.status === 200) acknowledged.push({ id: JSON.parse(res.text).id, writer: client.name, at: res.started });
  };
  const home = (client: LoadClient) => async () => {
    const res = await timed(client, 'GET', '/api/v1/timelines/home?limit=40', timeoutMs);
    answers.push({ kind: 'home', client: client.name, at: res.started, ms: res.ms, status: res.status });
  };
  const loops = [
    ...options.writers.map((w) => loop(w, options.postEveryMs, post(w))),
    ...options.readers.map((r) => loop(r, options.readEveryMs, home(r))),
  ];
  return {
    answers,
    acknowledged,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Answers by status code, e.g. { "200": 812, "429": 3 }. */
export function countByStatus(answers: LoadAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}

/** The q-quantile (0..1) of the answers' latencies in milliseconds; NaN when there are none. */
export function latencyQuantile(answers: LoadAnswer[], q: number): number {
  if (answers.length === 0) return NaN;
  const sorted = answers.map((a) => a.ms).sort((x, y) => x - y);
  return sorted[Math.min(Math.floor(q * sorted.length), sorted.length - 1)];
}
