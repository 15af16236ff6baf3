// The Redis outage scenario, shared by test/chaos/redis-outage.test.ts (short) and
// bench/chaos-redis.ts (the 30 s acceptance run): two app processes (A, B) on the test backend's
// database and a private redis-server, writers posting and followers reading home through A at a
// steady pace, then for each phase Redis killed (or hung with SIGSTOP) for a while and brought
// back. It reports what the clients got during each outage, how soon the breaker closed, how
// soon every follower's home held every post acknowledged meanwhile, whether the live stream on
// A went on, and whether B (idle during the outage) dropped what its render cache held.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api, createApp, createUser, type TestUser } from './client.js';
import { isolatedBackend } from './backend.js';
import { startAppProcess, type AppProcess } from './process.js';
import { freePort } from './server.js';
import { openStream } from './stream.js';
import { privateRedis } from './private-redis.js';
import { countByStatus, latencyQuantile, steadyLoad, type AcknowledgedPost, type LoadAnswer } from './steady-load.js';
import { waitFor } from './wait.js';

export interface OutagePhase {
  mode: 'kill' | 'hang';
  outageMs: number;
}

export interface ScenarioOptions {
  writers: number;
  followers: number;
  postEveryMs: number;
  readEveryMs: number;
  phases: OutagePhase[];
  /** Load before the first outage and between phases. */
  calmMs: number;
  /** Extra environment for the app processes (REDIS_COMMAND_TIMEOUT_MS…). */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

const summary = (answers: LoadAnswer[]) => ({
  count: answers.length,
  p50_ms: round(latencyQuantile(answers, 0.5)),
  p95_ms: round(latencyQuantile(answers, 0.95)),
  p99_ms: round(latencyQuantile(answers, 0.99)),
  max_ms: round(latencyQuantile(answers, 1)),
});
const round = (ms: number) => (Number.isNaN(ms) ? null : Math.round(ms * 10) / 10);

export interface PhaseReport {
  mode: 'kill' | 'hang';
  outage_ms: number;
  /** From the fault to A's /healthz reporting the breaker not closed. */
  breaker_open_after_ms: number;
  /** What clients got from the fault to Redis's return. */
  during_outage: { by_status: Record<string, number>; home: ReturnType<typeof summary>; post: ReturnType<typeof summary>; home_while_open: ReturnType<typeof summary> };
  /** From Redis's return to A's breaker closed. */
  breaker_closed_after_ms: number;
  /** Posts acknowledged from the fault to Redis's return. */
  posts_acknowledged_during_outage: number;
  /** From Redis's return until every follower's home (read through A) held all of them; null: not within the limit. */
  homes_complete_after_ms: number | null;
  /** Of those posts, follower-post pairs still missing when the limit passed (0 when complete). */
  missing_from_homes: number;
  /** Of those posts, the ones the first follower's live stream on A did not get. */
  missing_from_stream: number;
  /** Whether B showed a favourite made through A during the outage (its cached render dropped). */
  other_process_cache_fresh: boolean;
}

export interface ScenarioReport {
  phases: PhaseReport[];
  /** Every answer of the run, by status, and how many were 5xx or got no answer (0). */
  by_status: Record<string, number>;
  server_errors: number;
  no_answer: number;
  /** After the outages: a post made through B reached a stream on A (cluster-wide delivery). */
  cross_process_stream_after: boolean;
  /** A's /metrics lines about Redis at the end. */
  metrics: string[];
}

/** Ids of `user`'s home statuses newer than `sinceId`, every page. */
async function homeIdsSince(api: Api, sinceId: bigint): Promise<Set<string>> {
  const ids = new Set<string>();
  let maxId = '';
  for (;;) {
    const res = await api.get(`/api/v1/timelines/home?limit=40&since_id=${sinceId}${maxId ? `&max_id=${maxId}` : ''}`);
    if (res.status !== 200) throw new Error(`home read answered ${res.status}`);
    const page = res.body as { id: string }[];
    for (const s of page) ids.add(s.id);
    if (page.length < 40) return ids;
    maxId = page[page.length - 1].id;
  }
}

async function breakerState(server: AppProcess): Promise<string | undefined> {
  const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) }).catch(() => null);
  if (!res) return undefined;
  return ((await res.json()) as { redis_breaker?: string }).redis_breaker;
}

export async function runRedisOutage(options: ScenarioOptions): Promise<ScenarioReport> {
  const log = options.log ?? (() => {});
  const redis = await privateRedis({ persist: true });
  const backend = await isolatedBackend();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-redis-outage-'));
  const processes: AppProcess[] = [];
  const env = { SIRB_RATE_LIMIT: '1000000', SIRB_REGISTRATION_RATE_LIMIT: '1000000', REDIS_PROBE_MS: '500', ...options.env };
  const start = async () => {
    const p = await startAppProcess({ port: await freePort(), dataDir, backend: { ...backend, redisUrl: redis.url }, env });
    processes.push(p);
    return p;
  };
  try {
    // One after the other: the first migrates the database.
    const a = await start();
    const b = await start();
    log(`app processes up: A ${a.url}, B ${b.url}, Redis ${redis.url}`);
    const apiA = new Api(a.url);
    const app = await createApp(apiA);
    const tag = Math.random().toString(36).slice(2, 7);
    const writers: TestUser[] = [];
    for (let i = 0; i < options.writers; i++) writers.push(await createUser(apiA, `w${i}_${tag}`, app));
    const followers: TestUser[] = [];
    for (let i = 0; i < options.followers; i++) {
      const f = await createUser(apiA, `f${i}_${tag}`, app);
      for (const w of writers) await f.api.post(`/api/v1/accounts/${w.id}/follow`);
      // Read once: the feed is built in Redis, so a post its fan-out missed would stay missing.
      await f.api.get('/api/v1/timelines/home');
      followers.push(f);
    }
    const stream = openStream(a, `stream=user&access_token=${followers[0].token}`);
    await stream.settled();
    const streamed = () => new Set(stream.messages.filter((m) => m.event === 'update').map((m) => JSON.parse(m.payload).id as string));

    const load = steadyLoad({
      writers: writers.map((w) => ({ baseUrl: a.url, token: w.token, name: w.username })),
      readers: followers.map((f) => ({ baseUrl: a.url, token: f.token, name: f.username })),
      postEveryMs: options.postEveryMs,
      readEveryMs: options.readEveryMs,
    });
    const calm = () => new Promise((resolve) => setTimeout(resolve, options.calmMs));
    const phases: PhaseReport[] = [];
    await calm();
    for (const phase of options.phases) {
      // A status B renders (and caches) before the outage, favourited through A during it.
      const marked = (await writers[0].api.post('/api/v1/statuses', { status: `marked ${phase.mode} ${tag}` })).body as { id: string };
      const onB = new Api(b.url).as(followers[0].token);
      await onB.get(`/api/v1/statuses/${marked.id}`);

      const faultAt = performance.now();
      log(`${phase.mode}: Redis ${phase.mode === 'kill' ? 'killed' : 'hung (SIGSTOP)'} for ${phase.outageMs} ms`);
      if (phase.mode === 'kill') await redis.kill();
      else redis.hang();
      await waitFor(async () => (await breakerState(a)) === 'open', { timeout: 30_000, interval: 50, what: 'A’s breaker to open' });
      const openAt = performance.now();
      await followers[0].api.post(`/api/v1/statuses/${marked.id}/favourite`);
      await new Promise((resolve) => setTimeout(resolve, Math.max(phase.outageMs - (performance.now() - faultAt), 0)));
      const backAt = performance.now();
      if (phase.mode === 'kill') await redis.start();
      else redis.resume();
      await waitFor(async () => (await breakerState(a)) === 'closed', { timeout: 30_000, interval: 50, what: 'A’s breaker to close' });
      const closedAt = performance.now();
      log(`${phase.mode}: breaker open ${Math.round(openAt - faultAt)} ms after the fault, closed ${Math.round(closedAt - backAt)} ms after Redis returned`);

      const during = load.answers.filter((x) => x.at >= faultAt && x.at < backAt);
      const expected: AcknowledgedPost[] = load.acknowledged.filter((p) => p.at >= faultAt && p.at < backAt);
      const sinceId = expected.length ? BigInt(expected.map((p) => p.id).reduce((x, y) => (BigInt(x) < BigInt(y) ? x : y))) - 1n : 0n;
      const missing = async () => {
        let count = 0;
        for (const f of followers) {
          const home = await homeIdsSince(f.api, sinceId);
          count += expected.filter((p) => !home.has(p.id)).length;
        }
        return count;
      };
      let homesCompleteAfter: number | null = null;
      let stillMissing = 0;
      try {
        await waitFor(async () => (stillMissing = await missing()) === 0, { timeout: Math.max(10_000 - (performance.now() - backAt), 0), interval: 200, what: 'every follower’s home to hold every post' });
        homesCompleteAfter = performance.now() - backAt;
      } catch {
        /* reported as missing */
      }
      const fresh = await waitFor(async () => ((await onB.get(`/api/v1/statuses/${marked.id}`)).body as { favourites_count: number }).favourites_count === 1, { timeout: 5000, interval: 100 }).catch(() => false);
      const heard = streamed();
      phases.push({
        mode: phase.mode,
        outage_ms: Math.round(backAt - faultAt),
        breaker_open_after_ms: Math.round(openAt - faultAt),
        during_outage: {
          by_status: countByStatus(during),
          home: summary(during.filter((x) => x.kind === 'home')),
          post: summary(during.filter((x) => x.kind === 'post')),
          home_while_open: summary(during.filter((x) => x.kind === 'home' && x.at >= openAt)),
        },
        breaker_closed_after_ms: Math.round(closedAt - backAt),
        posts_acknowledged_during_outage: expected.length,
        homes_complete_after_ms: homesCompleteAfter === null ? null : Math.round(homesCompleteAfter),
        missing_from_homes: homesCompleteAfter === null ? stillMissing : 0,
        missing_from_stream: expected.filter((p) => !heard.has(p.id)).length,
        other_process_cache_fresh: !!fresh,
      });
      log(`${phase.mode}: ${JSON.stringify(phases[phases.length - 1])}`);
      await calm();
    }
    await load.stop();

    // Cluster-wide delivery again: a post through B reaches the stream on A.
    const viaB = (await new Api(b.url).as(writers[0].token).post('/api/v1/statuses', { status: `via B ${tag}` })).body as { id: string };
    const crossProcess = await waitFor(() => streamed().has(viaB.id), { timeout: 10_000, interval: 50 }).catch(() => false);
    stream.ws.close();
    const metrics = (await (await fetch(`${a.url}/metrics`)).text()).split('\n').filter((line) => /^sirb_(redis|fanout)/.test(line));
    const byStatus = countByStatus(load.answers);
    return {
      phases,
      by_status: byStatus,
      server_errors: load.answers.filter((x) => x.status >= 500).length,
      no_answer: byStatus['0'] ?? 0,
      cross_process_stream_after: !!crossProcess,
      metrics,
    };
  } finally {
    for (const p of processes) await p.kill();
    await redis.remove();
    await backend.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
