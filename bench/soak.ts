// `npm run bench:soak [-- --minutes=10] [--backend=embedded|postgres_redis]`: a soak run. Measures
// the capacity of a request mix (home timelines, single posts, the local timeline, posting,
// follows and unfollows) with as many requests in flight as it takes, then offers half of it at
// a steady rate for the run's minutes, with user streams (WebSocket) open throughout. Reports
// errors, the app process's RSS over time (and its slope) and p99 latency per window; writes
// bench/results/soak.{json,md,svg}.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { prepareBackend, type BackendName } from './lib/backend.js';
import { mulberry32 } from './lib/random.js';
import { slope, soakSvg, type SoakPoint } from './lib/soak-plot.js';
import { Api, createApp, createUser, type TestUser } from '../test/helpers/client.js';
import { startAppProcess } from '../test/helpers/process.js';
import { CHAOS_ENV } from '../test/helpers/write-chaos.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const MINUTES = Number(arg('minutes') ?? 10);
const BACKEND = (arg('backend') ?? 'embedded') as BackendName;
const USERS = 40;
const STREAMS = 20;
const WINDOW_MS = MINUTES >= 5 ? 20_000 : 5_000;
const RESULTS = path.resolve(import.meta.dirname, 'results');
const REDIS_URL = process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = (message: string) => process.stderr.write(`${message}\n`);
const random = mulberry32(13);
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];

const backend = await prepareBackend(BACKEND, 'soak');
const server = await startAppProcess({
  port: backend.port,
  dataDir: backend.dataDir,
  backend: backend.databaseUrl ? { databaseUrl: backend.databaseUrl, redisUrl: REDIS_URL, redisPrefix: `sirb:soak:${process.pid}:`, drop: async () => {} } : undefined,
  env: { ...CHAOS_ENV, LOG_LEVEL: 'warn' },
});
const api = new Api(server.url);
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

log(`${BACKEND}: ${USERS} users, each following 10 others, 5 posts each`);
const app = await createApp(api);
const users: TestUser[] = [];
for (let i = 0; i < USERS; i++) users.push(await createUser(api, `soak${i}`, app));
const statusIds: string[] = [];
for (const [i, user] of users.entries()) {
  for (let f = 1; f <= 10; f++) await user.api.post(`/api/v1/accounts/${users[(i + f) % USERS].id}/follow`);
  for (let p = 0; p < 5; p++) statusIds.push((await user.api.post('/api/v1/statuses', { status: `منشور ${p} من ${user.username} #نقع` })).body.id);
}

/** One request of the mix; resolves with its latency, or throws saying what went wrong. */
let posted = 0;
async function oneRequest(): Promise<number> {
  const user = pick(users);
  const roll = random();
  const started = performance.now();
  let res;
  if (roll < 0.55) res = await user.api.get('/api/v1/timelines/home');
  else if (roll < 0.7) res = await user.api.get(`/api/v1/statuses/${pick(statusIds)}`);
  else if (roll < 0.8) res = await user.api.get('/api/v1/timelines/public?local=true');
  else if (roll < 0.92) {
    res = await user.api.post('/api/v1/statuses', { status: `نقع ${++posted} من ${user.username}` });
    if (res.status === 200 && statusIds.length < 5000) statusIds.push(res.body.id);
  } else {
    const other = pick(users.filter((u) => u !== user));
    res = await user.api.post(`/api/v1/accounts/${other.id}/${random() < 0.5 ? 'follow' : 'unfollow'}`);
  }
  if (res.status < 200 || res.status > 299) throw new Error(`${res.status}`);
  return performance.now() - started;
}

// Capacity: 16 requests in flight for 15 s.
log('measuring capacity (16 in flight, 15 s)');
let capacityCount = 0;
const capacityEnd = Date.now() + 15_000;
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (Date.now() < capacityEnd) {
      await oneRequest().catch(() => {});
      capacityCount++;
    }
  }),
);
const capacity = capacityCount / 15;
const rate = Math.max(1, Math.round(capacity / 2));
log(`capacity ${capacity.toFixed(0)} req/s; soaking at ${rate} req/s for ${MINUTES} min`);

// Streams: open all run; one that closes is an error, and is reopened.
let streamMessages = 0;
let streamErrors = 0;
let soaking = true;
const sockets: WebSocket[] = [];
function openUserStream(user: TestUser): void {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/streaming?stream=user&access_token=${user.token}`);
  ws.on('message', () => streamMessages++);
  ws.on('error', () => {});
  ws.on('close', () => {
    if (!soaking) return;
    streamErrors++;
    setTimeout(() => openUserStream(user), 1000);
  });
  sockets.push(ws);
}
for (let i = 0; i < STREAMS; i++) openUserStream(users[i]);

interface SoakWindow extends SoakPoint { requests: number; errors: number; p50Ms: number; inFlightMax: number; load1: number }
const windows: SoakWindow[] = [];
const errorKinds = new Map<string, number>();
let latencies: number[] = [];
let errors = 0;
let inFlight = 0;
let inFlightMax = 0;
let skipped = 0;
const started = Date.now();
const end = started + MINUTES * 60_000;
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);
const windowTimer = setInterval(() => {
  const sorted = latencies.sort((a, b) => a - b);
  const point: SoakWindow = {
    minute: (Date.now() - started) / 60_000,
    rssMb: Math.round(rssMb()),
    p99Ms: Math.round(percentile(sorted, 0.99)),
    p50Ms: Math.round(percentile(sorted, 0.5)),
    requests: sorted.length,
    errors,
    inFlightMax,
    load1: Number(os.loadavg()[0].toFixed(2)),
  };
  windows.push(point);
  log(`${point.minute.toFixed(1)} min: ${point.requests} requests, ${errors} errors, p50 ${point.p50Ms} ms, p99 ${point.p99Ms} ms, RSS ${point.rssMb} MB, load ${point.load1}`);
  latencies = [];
  errors = 0;
  inFlightMax = 0;
}, WINDOW_MS);

// Open loop: requests are started on a clock, whether or not earlier ones have finished (a
// closed loop would slow down with the server and hide the queueing). Past 500 in flight the
// generator itself is the limit: those are counted as skipped, not sent.
const tickMs = 20;
let owed = 0;
await new Promise<void>((resolve) => {
  const tick = setInterval(() => {
    if (Date.now() >= end) {
      clearInterval(tick);
      resolve();
      return;
    }
    owed += (rate * tickMs) / 1000;
    for (; owed >= 1; owed--) {
      if (inFlight >= 500) {
        skipped++;
        continue;
      }
      inFlight++;
      inFlightMax = Math.max(inFlightMax, inFlight);
      oneRequest().then(
        (ms) => latencies.push(ms),
        (error: Error) => {
          errors++;
          errorKinds.set(error.message, (errorKinds.get(error.message) ?? 0) + 1);
        },
      ).finally(() => inFlight--);
    }
  }, tickMs);
});
while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 50));
clearInterval(windowTimer);
soaking = false;
for (const ws of sockets) ws.close();
await server.kill('SIGTERM');
await backend.close();

const totalRequests = windows.reduce((n, w) => n + w.requests, 0);
const totalErrors = windows.reduce((n, w) => n + w.errors, 0) + errors;
const half = windows.filter((w) => w.minute >= MINUTES / 2);
const rssSlope = slope(windows.map((w) => w.minute), windows.map((w) => w.rssMb));
const rssSlopeSecondHalf = slope(half.map((w) => w.minute), half.map((w) => w.rssMb));
const p99Slope = slope(windows.map((w) => w.minute), windows.map((w) => w.p99Ms));
const result = {
  when: new Date().toISOString(),
  backend: BACKEND,
  minutes: MINUTES,
  cores: os.cpus().length,
  node: process.version,
  capacity_rps: Math.round(capacity),
  offered_rps: rate,
  requests: totalRequests,
  errors: totalErrors,
  error_kinds: Object.fromEntries(errorKinds),
  skipped_by_generator: skipped,
  streams: STREAMS,
  stream_messages: streamMessages,
  stream_errors: streamErrors,
  rss_mb: { first: windows[0]?.rssMb, last: windows.at(-1)?.rssMb, max: Math.max(...windows.map((w) => w.rssMb)) },
  rss_slope_mb_per_min: Number(rssSlope.toFixed(2)),
  rss_slope_second_half_mb_per_min: Number(rssSlopeSecondHalf.toFixed(2)),
  p99_slope_ms_per_min: Number(p99Slope.toFixed(2)),
  load_average: os.loadavg().map((l) => Number(l.toFixed(2))),
  windows,
};
fs.mkdirSync(RESULTS, { recursive: true });
fs.writeFileSync(path.join(RESULTS, 'soak.json'), `${JSON.stringify(result, null, 2)}\n`);
fs.writeFileSync(path.join(RESULTS, 'soak.svg'), soakSvg(windows, `Sirb soak, ${BACKEND}, ${rate} req/s for ${MINUTES} min`));
const md = `# Soak run (${result.when})

\`npm run bench:soak -- --minutes=${MINUTES} --backend=${BACKEND}\`: capacity of the mix measured first (16 requests in flight, 15 s):
**${result.capacity_rps} req/s**; then **${rate} req/s** (half) offered at a steady rate for ${MINUTES} minutes, with ${STREAMS} user
streams (WebSocket) open throughout. Mix: 55% home timeline, 15% one post, 10% local timeline, 12% new post, 8% follow/unfollow.
${result.cores} cores shared with the load generator (and, on this machine, other work: load average at the end ${result.load_average.join(' / ')}).

| figure | value |
| --- | --- |
| requests / errors (any non-2xx or no answer) | ${totalRequests} / ${totalErrors} ${totalErrors ? JSON.stringify(result.error_kinds) : ''} |
| requests the generator could not start (over 500 in flight) | ${skipped} |
| stream messages received / streams that closed | ${streamMessages} / ${streamErrors} |
| RSS first / last / max window | ${result.rss_mb.first} / ${result.rss_mb.last} / ${result.rss_mb.max} MB |
| RSS slope, whole run / second half | ${result.rss_slope_mb_per_min} / ${result.rss_slope_second_half_mb_per_min} MB per minute |
| p99 per window: first / last / max; slope | ${windows[0]?.p99Ms} / ${windows.at(-1)?.p99Ms} / ${Math.max(...windows.map((w) => w.p99Ms))} ms; ${result.p99_slope_ms_per_min} ms per minute |

![RSS and p99 over the run](soak.svg)

| minute | requests | errors | p50 ms | p99 ms | RSS MB | load (1 min) |
| --- | --- | --- | --- | --- | --- | --- |
${windows.map((w) => `| ${w.minute.toFixed(1)} | ${w.requests} | ${w.errors} | ${w.p50Ms} | ${w.p99Ms} | ${w.rssMb} | ${w.load1} |`).join('\n')}
`;
fs.writeFileSync(path.join(RESULTS, 'soak.md'), md);
process.stdout.write(md);
process.exit(totalErrors ? 1 : 0);
