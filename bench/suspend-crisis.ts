// `npm run bench:suspend -- [--backend=embedded|postgres_redis] [--accounts=50000]`: a crisis.
// Seeds a wave of accounts (50,000 by default, 10 public posts each: 500,000 posts, interleaved
// with ordinary accounts' posts) and readers whose home timelines hold wave posts; starts a real
// server; measures home timeline reads unloaded; then suspends the whole wave with one bulk
// action (POST /api/v1/admin/accounts/bulk_action, filter username=wave) and, while it runs,
// keeps reading home timelines (autocannon, one run counted second by second) and polls every
// place a post can be served (public, tag, search, home of sampled readers, sampled statuses and
// account pages, sampled wave tokens). Reports the seconds from the request until none of their
// posts is served anywhere (every later poll and a final sweep of every sample clean), and home
// req/s during the purge over the unloaded figure of the same run: the median second and the
// worst second of the purge window, with the machine's load average (it is shared). Target:
// ≤ 60 s. Writes bench/results/suspend-crisis-<backend>.json and .md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppProcess } from '../test/helpers/process.js';
import { load, median, sampledLoad, type Sample } from './lib/load.js';
import { BACKENDS, prepareBackend, type BackendName } from './lib/backend.js';
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
const CONTROL_SECONDS = 6;
const POLL_CONCURRENCY = 4;
const CONNECTIONS = 20;
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

/** Per-second home throughput inside a window (samples whose second ends in it, not before its first full second). */
function within(samples: Sample[], from: number, to: number): number[] {
  return samples.filter((s) => s.at >= from + 1000 && s.at <= to + 500).map((s) => s.count);
}

async function measure(server: AppProcess, data: CrisisData) {
  const url = server.url;
  const home = { url, path: '/api/v1/timelines/home', tokens: data.readerTokens, connections: CONNECTIONS };
  log('  warming up (builds every reader’s home feed)…');
  for (let i = 0; i < data.readerTokens.length; i += 50) {
    await Promise.all(data.readerTokens.slice(i, i + 50).map((token) => get(`${url}/api/v1/timelines/home`, token)));
  }
  const before = await leaksNow(url, data, 0);
  if (!before.includes('public') || !before.includes('home')) throw new Error(`the wave should show before the purge; it shows in: ${before.join(', ')}`);
  await load({ ...home, seconds: 2 });
  log(`  home timeline, unloaded (${UNLOADED_SECONDS} s)…`);
  const loadAverage = [os.loadavg()[0]];
  const unloadedRun = sampledLoad(home);
  await sleep(UNLOADED_SECONDS * 1000 + 200);
  unloadedRun.stop();
  const unloaded = await unloadedRun.done;
  const unloadedMedian = median(unloadedRun.samples.map((s) => s.count));
  log(`    ${Math.round(unloaded.rps)} req/s (median second ${unloadedMedian}); load average ${os.loadavg()[0].toFixed(2)}`);

  // Home reads run from before the request until the purge is over, counted per second. First,
  // for CONTROL_SECONDS, with the poller running as it will during the purge but nothing
  // suspended: what the poller alone costs the readers, to tell it apart from the purge's cost.
  const during = sampledLoad(home);
  await sleep(1000);
  const controlFrom = Date.now();
  let controlPolls = 0;
  while (Date.now() - controlFrom < CONTROL_SECONDS * 1000) {
    await leaksNow(url, data, controlPolls++);
    await sleep(200);
  }
  const control = within(during.samples, controlFrom, Date.now());
  log(`    home with the poller alone: ${control.length ? median(control) : 'n/a'} req/s (median second)`);
  await sleep(1000);
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
  const polls: Poll[] = [];
  const loadTimer = setInterval(() => loadAverage.push(os.loadavg()[0]), 1000);
  const deadline = t0 + 10 * 60_000;
  let k = 0;
  let lastLog = 0;
  let sweepLeaks: string[] = [];
  while (Date.now() < deadline) {
    const at = Date.now();
    polls.push({ at, leaks: await leaksNow(url, data, k++) });
    if (jobDoneAt === undefined) {
      job = (await get(`${url}/api/v1/admin/bulk_actions/${accepted.id}`, data.adminToken)).body;
      if (job.state !== 'running') {
        jobDoneAt = Date.now();
        log(`    bulk action ${job.state} after ${((jobDoneAt - t0) / 1000).toFixed(1)} s: ${job.done} done, ${job.failed} failed of ${job.total}`);
      }
    }
    if (Date.now() - lastLog >= 2000) {
      lastLog = Date.now();
      const second = during.samples.at(-1)?.count ?? 0;
      log(`    ${((lastLog - t0) / 1000).toFixed(1)} s: ${job.done}/${job.total} suspended; home ${second} req/s (${(second / unloadedMedian).toFixed(2)} of unloaded); leaks: ${polls.at(-1)!.leaks.slice(0, 4).join(', ') || 'none'}; load average ${os.loadavg()[0].toFixed(2)}`);
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
  const purgeEnd = Date.now();
  clearInterval(loadTimer);
  // One more second so the window's last second is counted.
  await sleep(1100);
  during.stop();
  const duringRun = await during.done;
  // The first poll from which every later one (and the sweep) was clean.
  let cleanFrom = polls.length;
  while (cleanFrom > 0 && polls[cleanFrom - 1].leaks.length === 0) cleanFrom--;
  // Not before the action was seen finished: until then some accounts were not suspended yet,
  // whatever the sampled polls happened to find.
  const purgeSeconds = cleanFrom < polls.length && sweepLeaks.length === 0 && jobDoneAt !== undefined ? Number(((Math.max(polls[cleanFrom].at, jobDoneAt) - t0) / 1000).toFixed(2)) : null;
  // The purge window: from the request until no post was served anywhere (else until the last
  // poll); the sweep that confirmed it is the poller's own load and comes after.
  const windowEnd = purgeSeconds === null ? purgeEnd : t0 + purgeSeconds * 1000;
  const window = within(during.samples, t0, windowEnd);
  const before2s = within(during.samples, t0 - 2000, t0);
  // The same control once everything is suspended: what the poller costs the readers now that
  // the places it polls hold only hidden posts (a tag of nothing but suspended authors, say).
  const afterFrom = Date.now();
  const sampledAfter = sampledLoad(home);
  let afterPolls = 0;
  while (Date.now() - afterFrom < CONTROL_SECONDS * 1000) {
    await leaksNow(url, data, afterPolls++);
    await sleep(200);
  }
  sampledAfter.stop();
  await sampledAfter.done;
  const controlAfter = within(sampledAfter.samples, afterFrom, Date.now());
  log(`    home with the poller alone, after the purge: ${controlAfter.length ? median(controlAfter) : 'n/a'} req/s (median second)`);
  log('  home timeline, after the purge (4 s)…');
  const after = await load({ ...home, seconds: 4 });
  log(`    ${Math.round(after.rps)} req/s`);
  const failures = duringRun.errors + duringRun.non2xx + unloaded.errors + unloaded.non2xx;
  const ratio = (n: number) => Number((n / unloadedMedian).toFixed(3));
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
    home_rps_unloaded_median_second: unloadedMedian,
    home_p99_ms_unloaded: unloaded.p99,
    home_rps_just_before_request: before2s.length ? median(before2s) : null,
    home_rps_poller_alone_median: control.length ? median(control) : null,
    home_poller_alone_over_unloaded: control.length ? ratio(median(control)) : null,
    home_rps_poller_alone_after_purge_median: controlAfter.length ? median(controlAfter) : null,
    home_poller_alone_after_purge_over_unloaded: controlAfter.length ? ratio(median(controlAfter)) : null,
    home_during_over_poller_alone_median: control.length && window.length ? Number((median(window) / median(control)).toFixed(3)) : null,
    purge_window_seconds: Number(((windowEnd - t0) / 1000).toFixed(2)),
    home_rps_per_second_during_purge: window,
    home_rps_during_purge_median: window.length ? median(window) : null,
    home_rps_during_purge_min: window.length ? Math.min(...window) : null,
    home_during_over_unloaded_median: window.length ? ratio(median(window)) : null,
    home_during_over_unloaded_min: window.length ? ratio(Math.min(...window)) : null,
    home_p99_ms_during_purge: duringRun.p99,
    home_rps_after_purge: Math.round(after.rps),
    load_average_1min: { at_start: loadAverage[0], during_purge_max: Math.max(...loadAverage), during_purge_median: median(loadAverage) },
    failed_requests: failures,
  };
}

type Result = Awaited<ReturnType<typeof measure>> & { seed_seconds: number };

async function runBackend(name: BackendName): Promise<Result> {
  log(`\n== ${name}: ${SIZE.waveAccounts} wave accounts, ${SIZE.waveAccounts * SIZE.postsPerWaveAccount} wave posts ==`);
  const backend = await prepareBackend(name, 'crisis');
  try {
    const seedStarted = Date.now();
    const data = await backend.seed((db) => seedCrisis(db, { ...SIZE, publicUrl: backend.publicUrl }));
    const seedSeconds = Math.round((Date.now() - seedStarted) / 1000);
    log(`  seeded in ${seedSeconds} s`);
    const server = await backend.start();
    return { ...(await measure(server, data)), seed_seconds: seedSeconds };
  } finally {
    await backend.close();
  }
}

function report(name: BackendName, r: Result): string {
  const n = (v: number | null) => (v === null ? 'n/a' : String(v));
  return [
    `# Crisis benchmark, ${name} (${new Date().toISOString()})`,
    '',
    `${SIZE.waveAccounts} accounts holding ${SIZE.waveAccounts * SIZE.postsPerWaveAccount} posts suspended with one bulk action while ${SIZE.readers} readers' home timelines are read (autocannon, ${CONNECTIONS} connections) and every place a post is served is polled. ${os.cpus().length} cores, ${process.version}; the machine is shared with other work (see the load average).`,
    '',
    '| figure | value |',
    '| --- | --- |',
    `| none of their posts served anywhere after (target ≤ ${TARGET_SECONDS} s) | ${n(r.purge_seconds)} s (bulk action finished after ${n(r.bulk_action_seconds)} s) |`,
    `| home, unloaded (median second / mean) | ${r.home_rps_unloaded_median_second} / ${r.home_rps_unloaded} req/s |`,
    `| home during the purge, median second (ratio to unloaded) | ${n(r.home_rps_during_purge_median)} req/s (${n(r.home_during_over_unloaded_median)}) |`,
    `| home during the purge, worst second (ratio to unloaded) | ${n(r.home_rps_during_purge_min)} req/s (${n(r.home_during_over_unloaded_min)}) |`,
    `| control: home with the poller alone, nothing suspended (ratio to unloaded) | ${n(r.home_rps_poller_alone_median)} req/s (${n(r.home_poller_alone_over_unloaded)}); the purge's median over it: ${n(r.home_during_over_poller_alone_median)} |`,
    `| control after the purge: home with the poller alone, everything suspended (ratio to unloaded) | ${n(r.home_rps_poller_alone_after_purge_median)} req/s (${n(r.home_poller_alone_after_purge_over_unloaded)}) |`,
    `| home p99 unloaded / during the purge | ${r.home_p99_ms_unloaded} / ${r.home_p99_ms_during_purge} ms |`,
    `| home after the purge | ${r.home_rps_after_purge} req/s |`,
    `| load average (1 min) at start / median / max during the purge | ${r.load_average_1min.at_start.toFixed(2)} / ${r.load_average_1min.during_purge_median.toFixed(2)} / ${r.load_average_1min.during_purge_max.toFixed(2)} |`,
    `| failed requests | ${r.failed_requests} |`,
    '',
  ].join('\n');
}

async function main() {
  for (const name of BACKENDS) {
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
    fs.writeFileSync(path.join(RESULTS, `suspend-crisis-${name}${suffix}.md`), report(name, result));
    console.log(JSON.stringify(summary, null, 2));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
