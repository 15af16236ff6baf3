// `npm run chaos:postgres`: the acceptance run for a PostgreSQL outage (issue 13). A real app
// process (PostgreSQL + Redis) reaches its own database through a TCP proxy; under a steady load
// (a reader polling home every 100 ms, a writer posting every 250 ms) the database is made
// unreachable for 30 s (connections refused and reset), then hung for 30 s (accepts, never
// answers). Reported: answers by status in each phase, whether every 503 carried Retry-After,
// warm reads served, the slowest answer, and the time from the database's return to full
// service (/readyz 200 and a post accepted). Writes bench/results/chaos-postgres.{json,md}.
// Never touches the shared server: its own database, dropped at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Api, createPost, createUser } from '../test/helpers/client.js';
import { freePort } from '../test/helpers/server.js';
import { isolatedBackend } from '../test/helpers/backend.js';
import { startAppProcess } from '../test/helpers/process.js';
import { TcpProxy } from '../test/helpers/tcp-proxy.js';
import { OutageLoad, timeToFullService, type Phase } from '../test/helpers/outage-load.js';
import { progress } from './lib/progress.js';

const OUTAGE_S = Number(process.env.CHAOS_OUTAGE_S ?? 30);
const here = path.dirname(new URL(import.meta.url).pathname);

interface ScenarioResult {
  scenario: string;
  outageSeconds: number;
  counts: Record<Phase, { read: Record<string, number>; write: Record<string, number> }>;
  responses500: number;
  unanswered: number;
  writes503WithRetryAfter: string;
  warmReadsServedDuring: string;
  slowestDuringMs: number;
  p99DuringMs: number;
  timeToFullServiceMs: number;
}

const p99 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] : 0;
};

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-chaos-pg-'));
  const backend = await isolatedBackend();
  if (!backend.databaseUrl) throw new Error('needs PostgreSQL: run with SIRB_TEST_BACKEND=postgres (npm run chaos:postgres does)');
  const target = new URL(backend.databaseUrl);
  const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
  const app = await startAppProcess({
    port: await freePort(),
    dataDir,
    backend: { ...backend, databaseUrl: proxy.rewrite(backend.databaseUrl) },
    env: { SIRB_RATE_LIMIT: '1000000' },
    startTimeoutMs: 300_000,
  });
  const results: ScenarioResult[] = [];
  try {
    const api = new Api(app.url);
    const writer = await createUser(api);
    const reader = await createUser(api);
    await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
    for (let i = 0; i < 10; i++) await createPost(writer, `قبل العطل ${i}`);

    for (const scenario of ['unreachable', 'hung'] as const) {
      const load = new OutageLoad({ reader, writer }).start();
      await delay(5000);
      // "Warm": the reader's page was read since its last change (each post changes it).
      await load.settle();
      load.enter('during');
      if (scenario === 'unreachable') await proxy.cut();
      else proxy.hang();
      const bar = progress(`PostgreSQL ${scenario}`, OUTAGE_S);
      for (let s = 1; s <= OUTAGE_S; s++) {
        await delay(1000);
        bar.tick(s);
      }
      bar.done();
      await proxy.restore();
      load.enter('after');
      const recovery = await timeToFullService(app.url, writer);
      await delay(5000);
      await load.stop();
      const during = load.select({ phase: 'during' });
      const writes503 = load.select({ phase: 'during', kind: 'write', status: 503 });
      const reads = load.select({ phase: 'during', kind: 'read' });
      const counts = Object.fromEntries((['before', 'during', 'after'] as Phase[]).map((phase) => [phase, { read: load.counts({ phase, kind: 'read' }), write: load.counts({ phase, kind: 'write' }) }])) as ScenarioResult['counts'];
      results.push({
        scenario,
        outageSeconds: OUTAGE_S,
        counts,
        responses500: load.select({ status: 500 }).length,
        unanswered: load.select({ status: 0 }).length,
        writes503WithRetryAfter: `${writes503.filter((a) => Number(a.retryAfter) > 0).length}/${writes503.length}`,
        warmReadsServedDuring: `${reads.filter((a) => a.status === 200).length}/${reads.length}`,
        slowestDuringMs: Math.round(Math.max(0, ...during.map((a) => a.ms))),
        p99DuringMs: Math.round(p99(during.map((a) => a.ms))),
        timeToFullServiceMs: Math.round(recovery),
      });
      console.error(JSON.stringify(results.at(-1)));
    }
  } finally {
    await app.kill();
    await proxy.close();
    await backend.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const out = path.join(here, 'results');
  const report = { when: new Date().toISOString(), machine: `${os.cpus().length} cores`, command: 'npm run chaos:postgres', results };
  fs.writeFileSync(path.join(out, 'chaos-postgres.json'), JSON.stringify(report, null, 2) + '\n');
  const fmt = (c: Record<string, number>) => Object.entries(c).map(([s, n]) => `${s}: ${n}`).join(', ') || '-';
  const lines = [
    '# PostgreSQL outage under load (`npm run chaos:postgres`)',
    '',
    `${report.when}, ${report.machine}. One app process (PostgreSQL + Redis) reaching its database through a TCP proxy; a reader polls home every 100 ms, a writer posts every 250 ms; the database is unreachable (refused and reset), then hung (accepts, never answers), ${OUTAGE_S} s each.`,
    '',
    '| scenario | phase | home reads | posts |',
    '|---|---|---|---|',
    ...results.flatMap((r) => (['before', 'during', 'after'] as Phase[]).map((phase) => `| ${r.scenario} | ${phase} | ${fmt(r.counts[phase].read)} | ${fmt(r.counts[phase].write)} |`)),
    '',
    '| scenario | 500s | unanswered | 503 writes with Retry-After | warm reads served during | slowest / p99 during (ms) | full service after return (ms) |',
    '|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.scenario} | ${r.responses500} | ${r.unanswered} | ${r.writes503WithRetryAfter} | ${r.warmReadsServedDuring} | ${r.slowestDuringMs} / ${r.p99DuringMs} | ${r.timeToFullServiceMs} |`),
    '',
  ];
  fs.writeFileSync(path.join(out, 'chaos-postgres.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

await main();
