// `npm run bench` (add `-- --quick` for the short variant): seeds a dataset into each backend,
// starts a real server process on it, and measures with autocannon, in one run, home timeline
// reads, post creation with fan-out, delivery of a post from the most followed account, search,
// and a bare route of the same server as the ceiling. Writes bench/results/latest.json (every
// figure also as a ratio to the bare route, keys ending in _ratio) and latest.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppProcess } from '../test/helpers/process.js';
import { BACKENDS, prepareBackend, type BackendName } from './lib/backend.js';
import { seed, type SeededData } from './lib/seed.js';
import { load, median, type LoadResult } from './lib/load.js';
import { payloadCeiling } from './lib/payload-ceiling.js';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--backend='))?.split('=')[1];
const SIZE = quick
  ? { users: 52_000, posts: 60_000, starFollowers: 50_500, meanFollows: 5, tokenUsers: 150, seconds: 4 }
  : { users: 100_000, posts: 1_000_000, starFollowers: 55_000, meanFollows: 20, tokenUsers: 1000, seconds: 15 };
/** Alternating bare/home rounds whose median ratio is reported. */
const ROUNDS = 3;
/**
 * The ceiling: an API route that answers a constant without touching storage (an empty list).
 * It was /api/v1/instance/rules until the rules moved into the database (issue 11): from then on
 * the "bare" round ran a query too, and the ratio read ~0.9 for that reason alone.
 */
const BARE_PATH = '/api/v1/custom_emojis';
const RESULTS = path.resolve(import.meta.dirname, 'results');

interface BackendResult {
  bare: LoadResult;
  home_timeline: LoadResult;
  home_timeline_at_half: LoadResult;
  post_create: LoadResult;
  search: LoadResult;
  /** POST of the 50k-follower account until acknowledged, i.e. in every follower's timeline. */
  star_delivery_ms: number;
  /** Of the sampled followers, the share whose first read after the acknowledgement showed it. */
  star_delivery_verified_fraction: number;
  star_delivery_read_all_ms: number;
  star_delivery_sampled_followers: number;
  /** Share of status rows the home rounds found in the render cache. */
  render_cache_hit_rate: number;
  rss_mb_idle: number;
  rss_mb_after_load: number;
  /** Over every load run of the backend (all rounds, half load, posts, search). */
  failures: { errors: number; non2xx: number; requests: number };
  seed_seconds: number;
  home_timeline_ratio: number;
  home_timeline_rounds: { bare_rps: number; home_rps: number; bare_cpu_us?: number; home_cpu_us?: number }[];
  /** The server process's CPU per request (medians of the rounds), and bare over home. */
  server_cpu?: { bare_us_per_request: number; home_us_per_request: number; ratio: number };
  home_timeline_at_half_ratio: number;
  post_create_ratio: number;
  search_ratio: number;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

/** The round with the median throughput, whole (its latencies belong to it). */
function medianResult(results: LoadResult[]): LoadResult {
  const sorted = [...results].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Render cache lookups of status rows so far (hits, misses), from /metrics. */
async function statusLookups(url: string): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (result: string) => Number(new RegExp(`sirb_render_cache_lookups_total\\{kind="status",result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss') };
}

/** CPU seconds the process has used so far (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

/**
 * A load run, with the server process's CPU time per request beside it: req/s on a machine the
 * load generator shares depends on both, CPU per request on the server alone.
 */
async function loadWithCpu(server: AppProcess, options: Parameters<typeof load>[0]): Promise<LoadResult & { cpu_us_per_request?: number }> {
  const before = cpuSeconds(server.child.pid);
  const result = await load(options);
  const after = cpuSeconds(server.child.pid);
  if (before === undefined || after === undefined || result.requests === 0) return result;
  return { ...result, cpu_us_per_request: Math.round(((after - before) * 1e6) / result.requests) };
}

async function rssMb(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const bytes = Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? 0);
  return Math.round(bytes / 1024 / 1024);
}

/**
 * Posts as the star and times the request: a post is acknowledged only after it is in every
 * follower's home timeline (fan-out is awaited; a very followed author is merged at read time),
 * so the acknowledgement is the delivery. Then every sampled follower's first read is checked
 * to contain it, and how long reading them all took is reported beside it.
 */
async function starDelivery(url: string, data: SeededData, followerTokens: string[]) {
  const started = Date.now();
  const res = await fetch(`${url}/api/v1/statuses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${data.starToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: `إعلان لكل المتابعين ${Date.now()} #سرب` }),
  });
  const id = ((await res.json()) as { id: string }).id;
  const acknowledgedMs = Date.now() - started;
  let found = 0;
  const refused: string[] = [];
  for (let i = 0; i < followerTokens.length; i += 50) {
    await Promise.all(followerTokens.slice(i, i + 50).map(async (token) => {
      const home = await fetch(`${url}/api/v1/timelines/home?limit=5`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await home.json()) as { id: string }[] | { error: string };
      // A refused read (503 while the database sheds load, 429) is counted, not taken for a page.
      if (!Array.isArray(body)) refused.push(`${home.status} ${body.error}`);
      else if (body.some((s) => s.id === id)) found += 1;
    }));
  }
  if (refused.length > 0) console.log(`    ${refused.length} home reads refused during the star post check: ${[...new Set(refused)].join('; ')}`);
  return { acknowledgedMs, verifiedFraction: found / followerTokens.length, readAllMs: Date.now() - started, refusedReads: refused.length };
}

async function measure(server: AppProcess, data: SeededData, followerTokens: string[]): Promise<Omit<BackendResult, 'seed_seconds'>> {
  const tokens = data.tokens.map((t) => t.token);
  const seconds = SIZE.seconds;
  const roundSeconds = Math.max(2, Math.round(seconds / 2));
  log('  warming up (builds home timelines)…');
  for (let i = 0; i < tokens.length; i += 50) {
    await Promise.all(tokens.slice(i, i + 50).map((token) => fetch(`${server.url}/api/v1/timelines/home`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer())));
  }
  // The bare route is warmed too, so that neither is measured while its code is still being
  // compiled (a cold first bare round flatters the ratio).
  await load({ url: server.url, path: BARE_PATH, tokens, connections: 20, seconds: 2 });
  const rss_mb_idle = await rssMb(server.url);
  // The machine is shared and its speed drifts over seconds: bare and home are measured in
  // alternating rounds, and the ratio is the median of the rounds' ratios.
  const rounds: { bare: LoadResult & { cpu_us_per_request?: number }; home: LoadResult & { cpu_us_per_request?: number } }[] = [];
  const lookupsBefore = await statusLookups(server.url);
  for (let round = 1; round <= ROUNDS; round++) {
    log(`  bare route and home timeline (max throughput), round ${round}/${ROUNDS}…`);
    const bareRound = await loadWithCpu(server, { url: server.url, path: BARE_PATH, tokens, connections: 20, seconds: roundSeconds });
    rounds.push({ bare: bareRound, home: await loadWithCpu(server, { url: server.url, path: '/api/v1/timelines/home', tokens, connections: 20, seconds: roundSeconds }) });
  }
  const lookupsAfter = await statusLookups(server.url);
  const hits = lookupsAfter.hit - lookupsBefore.hit;
  const render_cache_hit_rate = Number((hits / Math.max(hits + lookupsAfter.miss - lookupsBefore.miss, 1)).toFixed(4));
  const bare = medianResult(rounds.map((r) => r.bare));
  const home = medianResult(rounds.map((r) => r.home));
  const home_timeline_ratio = Number(median(rounds.map((r) => r.home.rps / r.bare.rps)).toFixed(3));
  const cpuRounds = rounds.filter((r) => r.bare.cpu_us_per_request && r.home.cpu_us_per_request);
  const server_cpu = cpuRounds.length
    ? {
        bare_us_per_request: median(cpuRounds.map((r) => r.bare.cpu_us_per_request!)),
        home_us_per_request: median(cpuRounds.map((r) => r.home.cpu_us_per_request!)),
        ratio: Number(median(cpuRounds.map((r) => r.bare.cpu_us_per_request! / r.home.cpu_us_per_request!)).toFixed(3)),
      }
    : undefined;
  log('  home timeline (at half of max)…');
  const half = await load({ url: server.url, path: '/api/v1/timelines/home', tokens, connections: 20, seconds, overallRate: Math.max(Math.floor(home.rps / 2), 1) });
  log('  post creation with fan-out…');
  let n = 0;
  const posts = await load({ url: server.url, path: '/api/v1/statuses', method: 'POST', tokens, connections: 10, seconds, body: () => JSON.stringify({ status: `منشور اختبار الحمل ${n++} #سرب` }) });
  log('  star post delivery…');
  const star = await starDelivery(server.url, data, followerTokens);
  log('  search…');
  let w = 0;
  const search = await load({ url: server.url, path: () => `/api/v2/search?type=statuses&limit=20&q=${encodeURIComponent(data.searchWords[w++ % data.searchWords.length])}`, tokens, connections: 10, seconds });
  const rss_mb_after_load = await rssMb(server.url);
  const ratio = (r: LoadResult) => Number((r.rps / bare.rps).toFixed(3));
  const everyRun = [...rounds.flatMap((r) => [r.bare, r.home]), half, posts, search];
  const failures = { errors: everyRun.reduce((a, r) => a + r.errors, 0), non2xx: everyRun.reduce((a, r) => a + r.non2xx, 0), requests: everyRun.reduce((a, r) => a + r.requests, 0) };
  return {
    bare, home_timeline: home, home_timeline_at_half: half, post_create: posts, search,
    star_delivery_ms: star.acknowledgedMs, star_delivery_verified_fraction: star.verifiedFraction, star_delivery_read_all_ms: star.readAllMs,
    star_delivery_sampled_followers: followerTokens.length, render_cache_hit_rate, rss_mb_idle, rss_mb_after_load, failures,
    home_timeline_ratio, server_cpu,
    home_timeline_rounds: rounds.map((r) => ({ bare_rps: Math.round(r.bare.rps), home_rps: Math.round(r.home.rps), bare_cpu_us: r.bare.cpu_us_per_request, home_cpu_us: r.home.cpu_us_per_request })), home_timeline_at_half_ratio: ratio(half), post_create_ratio: ratio(posts), search_ratio: ratio(search),
  };
}

async function runBackend(name: BackendName): Promise<BackendResult> {
  log(`\n== ${name} ==`);
  const backend = await prepareBackend(name, 'bench');
  try {
    const seedStarted = Date.now();
    const data = await backend.seed((db) => seed(db, { ...SIZE, publicUrl: backend.publicUrl }));
    const seed_seconds = Math.round((Date.now() - seedStarted) / 1000);
    const server = await backend.start();
    // Readers that follow the star (the seed makes accounts 1..starFollowers follow it).
    const starFollowerIds = new Set(data.accountIds.slice(1, SIZE.starFollowers + 1));
    const followerTokens = data.tokens.filter((t) => starFollowerIds.has(t.accountId)).map((t) => t.token);
    return { ...(await measure(server, data, followerTokens)), seed_seconds };
  } finally {
    await backend.close();
  }
}

function table(results: Record<string, BackendResult>): string {
  const row = (label: string, get: (r: BackendResult) => string) => `| ${label} | ${Object.values(results).map(get).join(' | ')} |`;
  const rps = (r: LoadResult) => `${Math.round(r.rps)} req/s`;
  return [
    `| figure | ${Object.keys(results).join(' | ')} |`,
    `| --- | ${Object.keys(results).map(() => '---').join(' | ')} |`,
    row('bare route (ceiling)', (r) => rps(r.bare)),
    row('home timeline, max', (r) => `${rps(r.home_timeline)} (p50 ${r.home_timeline.p50} ms, p99 ${r.home_timeline.p99} ms)`),
    row('home_timeline_ratio (target ≥ 0.40)', (r) => String(r.home_timeline_ratio)),
    row('server CPU per request, bare / home (their ratio)', (r) => (r.server_cpu ? `${r.server_cpu.bare_us_per_request} / ${r.server_cpu.home_us_per_request} µs (${r.server_cpu.ratio})` : 'n/a')),
    row('render cache: status rows found in it during the home rounds', (r) => `${(r.render_cache_hit_rate * 100).toFixed(1)}%`),
    row('home timeline at half of max: p99 (target ≤ 25 ms)', (r) => `${r.home_timeline_at_half.p99} ms (p50 ${r.home_timeline_at_half.p50} ms)`),
    row('post creation with fan-out', (r) => `${rps(r.post_create)} (ratio ${r.post_create_ratio})`),
    row('star post in every follower’s home (target ≤ 2 s)', (r) => `${r.star_delivery_ms} ms; first read showed it to ${Math.round(r.star_delivery_verified_fraction * 100)}% of ${r.star_delivery_sampled_followers} sampled followers (reading them all: ${r.star_delivery_read_all_ms} ms)`),
    row('search (statuses)', (r) => `${rps(r.search)} (ratio ${r.search_ratio})`),
    row('app process RSS idle / after load', (r) => `${r.rss_mb_idle} / ${r.rss_mb_after_load} MB`),
    row('errors / non-2xx, over every load run', (r) => `${r.failures.errors} / ${r.failures.non2xx} of ${r.failures.requests} requests`),
  ].join('\n');
}

async function main() {
  const results: Record<string, BackendResult> = {};
  for (const name of BACKENDS) {
    if (!only || only === name) results[name] = await runBackend(name);
  }
  const pageBytes = Object.values(results)[0]?.home_timeline.bytesPerResponse ?? 30_000;
  log('\n== payload ceiling (bare Fastify, a fixed page-sized response) ==');
  const ceiling = await payloadCeiling(pageBytes, Math.max(2, Math.round(SIZE.seconds / 2)));
  const summary = {
    generated_at: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    dataset: { users: SIZE.users, posts: SIZE.posts, star_followers: SIZE.starFollowers, mean_follows: SIZE.meanFollows, token_users: SIZE.tokenUsers, seconds_per_measurement: SIZE.seconds },
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, memory_gb: Math.round(os.totalmem() / 2 ** 30) },
    backends: results,
    payload_ceiling: ceiling,
  };
  fs.mkdirSync(RESULTS, { recursive: true });
  // latest.* is the last run of either kind; quick.* and full.* keep the last of each.
  const json = `${JSON.stringify(summary, null, 2)}\n`;
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), json);
  fs.writeFileSync(path.join(RESULTS, `${summary.mode}.json`), json);
  const md = `# Sirb benchmark (${summary.mode}, ${summary.generated_at})\n\n${SIZE.users} users, ${SIZE.posts} posts, most followed account: ${SIZE.starFollowers} followers; ${summary.machine.cpus} cores, ${summary.machine.node}. Server and load generator (autocannon, 20 connections, each cycling through ${SIZE.tokenUsers} users' prebuilt requests from its own starting user) share the machine. Bare route and home timeline are measured in ${ROUNDS} alternating rounds; their figures are the median round's, the ratio the median of the rounds' ratios; server CPU per request is read from /proc for the server process alone.\n\n${table(results)}\n\nPayload ceiling on this machine: a bare Fastify process sending a fixed ${ceiling.bytes}-byte response (a home page's size) serves ${ceiling.page_rps} req/s against ${ceiling.tiny_rps} req/s for a tiny one (medians of 3 alternating rounds): ratio ${ceiling.ratio}, i.e. the bytes add ${ceiling.page_cost_us} µs to each request. A server that does nothing but send a page's bytes reaches that share of its tiny route here; the home timeline's ratio is bounded by the same cost.\n`;
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), md);
  fs.writeFileSync(path.join(RESULTS, `${summary.mode}.md`), md);
  console.log(md);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
