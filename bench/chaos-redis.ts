// `npm run chaos:redis`: the acceptance run of issue 13's Redis half. Two app processes on
// PostgreSQL (an isolated database) and a private redis-server, writers posting and followers
// reading home at a steady pace through one of them; Redis killed for 30 s (and restarted with
// what it had saved), then hung for 30 s (SIGSTOP, SIGCONT). Reports, per outage, answers by
// status, latency during the outage (and while the breaker was open), how soon the breaker
// closed after Redis's return, how soon every follower's home held every post acknowledged
// meanwhile, and how many were missing 10 s after (target 0). Writes
// bench/results/chaos-redis.{json,md}. `-- --outage=10` for a shorter run; `-- --backend=sqlite`
// for the embedded store (with Redis) instead of PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const OUTAGE_S = Number(arg('outage') ?? 30);
// The backend helpers read which backend at import: set before they load.
process.env.SIRB_TEST_BACKEND = arg('backend') ?? 'postgres';
const { runRedisOutage } = await import('../test/helpers/redis-outage.js');

const RESULTS = path.resolve(import.meta.dirname, 'results');
const options = {
  writers: 4,
  followers: 12,
  postEveryMs: 500,
  readEveryMs: 300,
  calmMs: 5000,
  phases: [
    { mode: 'kill' as const, outageMs: OUTAGE_S * 1000 },
    { mode: 'hang' as const, outageMs: OUTAGE_S * 1000 },
  ],
  env: { REDIS_COMMAND_TIMEOUT_MS: '1000', REDIS_PROBE_MS: '1000' },
  log: (line: string) => process.stderr.write(`${line}\n`),
};
const started = new Date();
const report = await runRedisOutage(options);
const result = {
  started: started.toISOString(),
  backend: process.env.SIRB_TEST_BACKEND === 'postgres' ? 'postgres+redis' : 'sqlite+redis',
  machine: { cpus: os.cpus().length, loadavg_at_end: os.loadavg().map((x) => Math.round(x * 100) / 100) },
  load: { writers: options.writers, followers: options.followers, post_every_ms: options.postEveryMs, home_read_every_ms: options.readEveryMs },
  settings: options.env,
  ...report,
};
fs.mkdirSync(RESULTS, { recursive: true });
fs.writeFileSync(path.join(RESULTS, 'chaos-redis.json'), `${JSON.stringify(result, null, 2)}\n`);

const row = (cells: unknown[]) => `| ${cells.join(' | ')} |`;
const ms = (v: number | null) => (v === null ? '—' : `${v} ms`);
const md = [
  `# Redis outage under load (\`npm run chaos:redis\`)`,
  '',
  `${started.toISOString()}, ${result.backend}, ${result.machine.cpus} cores (shared; load average at the end ${result.machine.loadavg_at_end.join(', ')}).`,
  `Load through process A: ${options.writers} writers posting every ${options.postEveryMs} ms, ${options.followers} followers reading home every ${options.readEveryMs} ms. Redis command timeout ${options.env.REDIS_COMMAND_TIMEOUT_MS} ms, breaker probe every ${options.env.REDIS_PROBE_MS} ms.`,
  '',
  `Whole run: ${JSON.stringify(report.by_status)}; **5xx: ${report.server_errors}**, no answer: ${report.no_answer}. Cluster-wide streaming after the outages: ${report.cross_process_stream_after ? 'yes' : 'NO'}.`,
  '',
  row(['outage', 'answers during it', 'home p50 / p95 / p99 / max', 'home while breaker open p50 / p99', 'post p50 / p99', 'breaker open after', 'closed after return', 'posts acked during', 'all in homes after', 'missing at 10 s', 'missing on stream', 'other process cache dropped']),
  row(Array(12).fill('---')),
  ...report.phases.map((p) =>
    row([
      `${p.mode} ${Math.round(p.outage_ms / 1000)} s`,
      JSON.stringify(p.during_outage.by_status),
      `${p.during_outage.home.p50_ms} / ${p.during_outage.home.p95_ms} / ${p.during_outage.home.p99_ms} / ${p.during_outage.home.max_ms} ms`,
      `${p.during_outage.home_while_open.p50_ms} / ${p.during_outage.home_while_open.p99_ms} ms`,
      `${p.during_outage.post.p50_ms} / ${p.during_outage.post.p99_ms} ms`,
      ms(p.breaker_open_after_ms),
      ms(p.breaker_closed_after_ms),
      p.posts_acknowledged_during_outage,
      ms(p.homes_complete_after_ms),
      `**${p.missing_from_homes}**`,
      p.missing_from_stream,
      p.other_process_cache_fresh ? 'yes' : 'NO',
    ]),
  ),
  '',
  'Metrics of process A at the end:',
  '',
  '```',
  ...report.metrics,
  '```',
  '',
];
fs.writeFileSync(path.join(RESULTS, 'chaos-redis.md'), md.join('\n'));
process.stderr.write(`wrote ${path.join(RESULTS, 'chaos-redis.{json,md}')}\n`);
