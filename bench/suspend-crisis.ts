// `npm run bench:suspend -- [--backend=embedded|postgres_redis] [--accounts=50000]`: a crisis.
// Seeds a wave of accounts (50,000 by default, 10 public posts each: 500,000 posts, interleaved
// with ordinary accounts' posts) and readers whose home timelines hold wave posts; starts a real
// server; measures home timeline reads unloaded; then suspends the whole wave with one bulk
// action (POST /api/v1/admin/accounts/bulk_action, filter username=wave) and, while it runs,
// keeps reading home timelines (autocannon, in 2-second slices) and polls every place a post can
// be served (public, tag, search, home of sampled readers, sampled statuses and account pages,
// sampled wave tokens). Reports the seconds from the request until none of their posts is served
// anywhere (every later poll and a final sweep of every sample clean), and home req/s during the
// purge over the unloaded figure. Target: ≤ 60 s. Writes bench/results/suspend-crisis-<backend>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, migrateToLatest } from '../src/db/database.js';
import { dropRedisPrefix } from '../test/helpers/backend.js';
import { freePort } from '../test/helpers/server.js';
import { startAppProcess, type AppProcess } from '../test/helpers/process.js';
import { load, type LoadResult } from './lib/load.js';
import { seedCrisis, WAVE_TAG, WAVE_WORD, type CrisisData, type CrisisOptions } from './lib/crisis-seed.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const only = arg('backend');
const WAVE = Number(arg('accounts') ?? 50_000);
const scale = WAVE / 50_000;
const SIZE: Omit<CrisisOptions, 'publicUrl'> = {
  waveAccounts: WAVE,
  postsPerWaveAccount: 10,
  calmAccounts: Math.max(200, Math.round(5000 * scale)),
  calmPosts: Math.max(4000, Math.round(100_000 * scale)),
  readers: Math.max(100, Math.round(1000 * scale)),
  readerWaveFollows: 5,
  readerCalmFollows: 20,
};
const TARGET_SECONDS = 60;
const UNLOADED_SECONDS = 10;
const SLICE_SECONDS = 2;
const POLL_CONCURRENCY = 4;
const CONNECTIONS = 20;
const PG_ADMIN = process.env.SIRB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RESULTS = path.resolve(import.meta.dirname, 'results');

const log = (message: string) => process.stderr.write(`${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Poll {
  at: number;
  leaks: string[];
}

/** Fetches JSON with an optional token; the status and body. */
async function get(url: string, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

/** Where wave posts still show, checking the k-th share of every sample (all of it: `sweep`). */
async function leaksNow(url: string, data: CrisisData, k: number, sweep = false): Promise<string[]> {
  const wave = new Set(data.waveIds);
  const reader = data.readerTokens;
  const pick = <T>(list: T[], n: number) => (sweep ? list : Array.from({ length: Math.min(n, list.length) }, (_, i) => list[(k * n + i) % list.length]));
  const leaks: string[] = [];
  const waveIn = (where: string, list: any) => {
    if (!Array.isArray(list)) return leaks.push(`${where}: not a list`);
    if (list.some((s: any) => wave.has(Number(s.account.id)) || (s.reblog && wave.has(Number(s.reblog.account.id))))) leaks.push(where);
  };
  const enc = encodeURIComponent;
  // Thunks, run a few at a time: the poller must not become the load it measures under.
  const checks: (() => Promise<unknown>)[] = [
    () => get(`${url}/api/v1/timelines/public?limit=40`).then((r) => waveIn('public', r.body)),
    () => get(`${url}/api/v1/timelines/public?limit=40`, reader[0]).then((r) => waveIn('public (signed in)', r.body)),
    () => get(`${url}/api/v1/timelines/tag/${enc(WAVE_TAG)}?limit=40`).then((r) => waveIn('tag', r.body)),
    () => get(`${url}/api/v2/search?type=statuses&limit=40&q=${enc(WAVE_WORD)}`, reader[1 % reader.length]).then((r) => waveIn('search', r.body.statuses)),
    ...pick(reader, 10).map((token) => () => get(`${url}/api/v1/timelines/home?limit=40`, token).then((r) => waveIn('home', r.body))),
    ...pick(data.waveSample, 5).map((s) => () => get(`${url}/api/v1/statuses/${s.id}`).then((r) => r.status !== 404 && leaks.push(`status ${s.id}: ${r.status}`))),
    ...pick(data.waveSample, 2).map((s) => () => get(`${url}/api/v1/accounts/${s.accountId}/statuses`).then((r) => r.status !== 404 && leaks.push(`account ${s.accountId}: ${r.status}`))),
    ...pick(data.waveTokens, 2).map((token) => () => get(`${url}/api/v1/accounts/verify_credentials`, token).then((r) => r.status !== 403 && leaks.push(`wave token: ${r.status}`))),
  ];
  let next = 0;
  await Promise.all(Array.from({ length: POLL_CONCURRENCY }, async () => {
    while (next < checks.length) await checks[next++]();
  }));
  return leaks;
}

async function measure(server: AppProcess, data: CrisisData) {
  const url = server.url;
  log('  warming up (builds every reader’s home feed)…');
  for (let i = 0; i < data.readerTokens.length; i += 50) {
    await Promise.all(data.readerTokens.slice(i, i + 50).map((token) => get(`${url}/api/v1/timelines/home`, token)));
  }
  const before = await leaksNow(url, data, 0);
  if (!before.includes('public') || !before.includes('home')) throw new Error(`the wave should show before the purge; it shows in: ${before.join(', ')}`);
  await load({ url, path: '/api/v1/timelines/home', tokens: data.readerTokens, connections: CONNECTIONS, seconds: 2 });
  log(`  home timeline, unloaded (${UNLOADED_SECONDS} s)…`);
  const unloaded = await load({ url, path: '/api/v1/timelines/home', tokens: data.readerTokens, connections: CONNECTIONS, seconds: UNLOADED_SECONDS });
  log(`    ${Math.round(unloaded.rps)} req/s`);

  log(`  suspending ${data.waveIds.length} accounts with one bulk action…`);
  const t0 = Date.now();
  const res = await fetch(`${url}/api/v1/admin/accounts/bulk_action`, {
    method: 'POST',
    headers: { authorization: `Bearer ${data.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'suspend', filter: { username: 'wave', origin: 'local' }, text: 'crisis benchmark' }),
  });
  const accepted = (await res.json()) as { id: string; total: number };
  if (res.status !== 202) throw new Error(`bulk action refused: ${res.status} ${JSON.stringify(accepted)}`);
  const acceptedMs = Date.now() - t0;
  let job: any = accepted;
  let jobDoneAt: number | undefined;
  let purged = false;
  const polls: Poll[] = [];
  // Home reads under way during the purge, in slices, until the purge is over.
  const slices: LoadResult[] = [];
  const loading = (async () => {
    while (!purged) {
      slices.push(await load({ url, path: '/api/v1/timelines/home', tokens: data.readerTokens, connections: CONNECTIONS, seconds: SLICE_SECONDS }));
      log(`    home during the purge: ${Math.round(slices.at(-1)!.rps)} req/s (p99 ${slices.at(-1)!.p99} ms)`);
    }
  })();
  const deadline = t0 + 10 * 60_000;
  let k = 0;
  let sweepLeaks: string[] = [];
  while (Date.now() < deadline) {
    const at = Date.now();
    polls.push({ at, leaks: await leaksNow(url, data, k++) });
    if (jobDoneAt === undefined) {
      job = (await get(`${url}/api/v1/admin/bulk_actions/${accepted.id}`, data.adminToken)).body;
      if (job.state !== 'running') {
        jobDoneAt = Date.now();
        log(`    bulk action ${job.state} after ${((jobDoneAt - t0) / 1000).toFixed(1)} s: ${job.done} done, ${job.failed} failed of ${job.total}`);
      } else if (k % 8 === 0) log(`    ${((Date.now() - t0) / 1000).toFixed(1)} s: ${job.done}/${job.total} suspended; leaks: ${polls.at(-1)!.leaks.slice(0, 4).join(', ') || 'none'}`);
    }
    if (jobDoneAt !== undefined && polls.at(-1)!.leaks.length === 0) {
      // A sweep of every sample: every reader's home, every sampled post, account and token.
      sweepLeaks = await leaksNow(url, data, 0, true);
      if (sweepLeaks.length === 0) break;
      polls.push({ at: Date.now(), leaks: sweepLeaks });
      log(`    sweep found: ${sweepLeaks.slice(0, 5).join(', ')}`);
    }
    await sleep(200);
  }
  purged = true;
  await loading;
  // The first poll from which every later one (and the sweep) was clean.
  let cleanFrom = polls.length;
  while (cleanFrom > 0 && polls[cleanFrom - 1].leaks.length === 0) cleanFrom--;
  // Not before the action was seen finished: until then some accounts were not suspended yet,
  // whatever the sampled polls happened to find.
  const purgeSeconds = cleanFrom < polls.length && sweepLeaks.length === 0 && jobDoneAt !== undefined ? Number(((Math.max(polls[cleanFrom].at, jobDoneAt) - t0) / 1000).toFixed(2)) : null;
  log('  home timeline, after the purge (4 s)…');
  const after = await load({ url, path: '/api/v1/timelines/home', tokens: data.readerTokens, connections: CONNECTIONS, seconds: 4 });
  log(`    ${Math.round(after.rps)} req/s`);
  const requests = slices.reduce((a, s) => a + s.requests, 0);
  const during = requests / (slices.length * SLICE_SECONDS);
  const failures = slices.reduce((a, s) => a + s.errors + s.non2xx, 0) + unloaded.errors + unloaded.non2xx;
  return {
    purge_seconds: purgeSeconds,
    target_seconds: TARGET_SECONDS,
    met_target: purgeSeconds !== null && purgeSeconds <= TARGET_SECONDS,
    bulk_action_accepted_ms: acceptedMs,
    bulk_action_seconds: jobDoneAt === undefined ? null : Number(((jobDoneAt - t0) / 1000).toFixed(2)),
    bulk_action: job,
    polls: polls.length,
    first_leaks_seen: polls[0]?.leaks ?? [],
    home_rps_unloaded: Math.round(unloaded.rps),
    home_p99_ms_unloaded: unloaded.p99,
    home_rps_during_purge: Math.round(during),
    home_p99_ms_during_purge: Math.max(...slices.map((s) => s.p99)),
    home_during_over_unloaded: Number((during / unloaded.rps).toFixed(3)),
    home_rps_after_purge: Math.round(after.rps),
    load_slices: slices.length,
    failed_requests: failures,
  };
}

async function runBackend(name: 'embedded' | 'postgres_redis') {
  log(`\n== ${name}: ${SIZE.waveAccounts} wave accounts, ${SIZE.waveAccounts * SIZE.postsPerWaveAccount} wave posts ==`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-crisis-'));
  const dbName = `sirb_crisis_${process.pid}`;
  const redisPrefix = `sirb:crisis:${process.pid}:`;
  let databaseUrl: string | undefined;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  if (name === 'postgres_redis') {
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.query(`create database ${dbName}`);
    const dbUrl = new URL(PG_ADMIN);
    dbUrl.pathname = `/${dbName}`;
    databaseUrl = dbUrl.toString();
  }
  const port = await freePort();
  let server: AppProcess | undefined;
  try {
    const seedStarted = Date.now();
    const db = openDatabase({ databaseUrl, dataDir });
    await migrateToLatest(db);
    const data = await seedCrisis(db.kysely, { ...SIZE, publicUrl: `http://127.0.0.1:${port}` });
    if (db.dialect === 'postgres') await sql`analyze`.execute(db.kysely);
    await db.close();
    const seedSeconds = Math.round((Date.now() - seedStarted) / 1000);
    log(`  seeded in ${seedSeconds} s`);
    server = await startAppProcess({
      port,
      dataDir,
      backend: databaseUrl ? { databaseUrl, redisUrl: REDIS_URL, redisPrefix, drop: async () => {} } : undefined,
      env: { SIRB_RATE_LIMIT: '1000000000', LOG_LEVEL: 'warn' },
    });
    return { ...(await measure(server, data)), seed_seconds: seedSeconds };
  } finally {
    await server?.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (name === 'postgres_redis') {
      await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
      await admin.end();
      await dropRedisPrefix(REDIS_URL, redisPrefix);
    }
  }
}

async function main() {
  for (const name of ['embedded', 'postgres_redis'] as const) {
    if (only && only !== name) continue;
    const result = await runBackend(name);
    const summary = {
      generated_at: new Date().toISOString(),
      backend: name,
      dataset: { ...SIZE, wave_posts: SIZE.waveAccounts * SIZE.postsPerWaveAccount },
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
      ...result,
    };
    fs.mkdirSync(RESULTS, { recursive: true });
    // A run at another scale than the is kept apart, so it never passes for the real one.
    const suffix = WAVE === 50_000 ? '' : `-${WAVE}`;
    fs.writeFileSync(path.join(RESULTS, `suspend-crisis-${name}${suffix}.json`), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(JSON.stringify(summary, null, 2));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
