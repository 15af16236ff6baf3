// PostgreSQL goes away under a steady load, the real app process reaching its own database
// through a TCP proxy the test controls (test/helpers/tcp-proxy.ts): the shared server is never
// touched. Unreachable (refused, reset) and hung (accepts, never answers) in turn: no 500 ever,
// writes answered 503 with Retry-After, warm home reads served, /readyz 503 during and 200 after,
// and full service within 5 s of the database's return, without a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestUser } from '../helpers/client.js';
import { TEST_BACKEND } from '../helpers/backend.js';
import type { AppProcess } from '../helpers/process.js';
import type { TcpProxy } from '../helpers/tcp-proxy.js';
import { OutageLoad, timeToFullService } from '../helpers/outage-load.js';
import { waitFor } from '../helpers/wait.js';
import { startChaosApp, type ChaosApp } from '../helpers/chaos-app.js';

const skip = TEST_BACKEND !== 'postgres' ? 'PostgreSQL outages are tested on the postgres backend' : false;
const OUTAGE_MS = 8000;

let rig: ChaosApp;
let proxy: TcpProxy;
let app: AppProcess;
let reader: TestUser;
let writer: TestUser;

before(async () => {
  if (skip) return;
  rig = await startChaosApp({
    name: 'pg-outage',
    pgProxy: true,
    // Short bounds, so that a hung database shows within the test's few seconds.
    env: { SIRB_DB_CONNECT_TIMEOUT_MS: '3000', SIRB_DB_STATEMENT_TIMEOUT_MS: '3000', SIRB_DB_QUERY_TIMEOUT_MS: '4000' },
    firstPosts: 'قبل العطل',
  });
  ({ app, reader, writer } = rig);
  proxy = rig.pgProxy!;
});

after(async () => {
  if (!skip) await rig?.close();
});

async function readyStatus(): Promise<number> {
  const res = await fetch(`${app.url}/readyz`);
  await res.arrayBuffer();
  return res.status;
}

async function outage(kind: 'cut' | 'hang') {
  const load = new OutageLoad({ reader, writer }).start();
  // Warm: the reader's home and what renders it are cached, as on any busy instance.
  await waitFor(() => load.select({ phase: 'before', kind: 'read', status: 200 }).length >= 5 && load.select({ phase: 'before', kind: 'write', status: 200 }).length >= 2, { timeout: 30_000, what: 'warm reads and writes before the outage' });
  await load.settle();
  load.enter('during');
  if (kind === 'cut') await proxy.cut();
  else proxy.hang();
  await waitFor(async () => (await readyStatus()) === 503, { timeout: 10_000, interval: 100, what: '/readyz to say 503 during the outage' });
  await waitFor(() => load.select({ phase: 'during', kind: 'write', status: 503 }).length >= 3, { timeout: 30_000, what: 'writes answered 503 during the outage' });
  const downFor = performance.now();
  while (performance.now() - downFor < OUTAGE_MS) await new Promise((resolve) => setTimeout(resolve, 100));
  await proxy.restore();
  load.enter('after');
  const recoveryMs = await timeToFullService(app.url, writer);
  await waitFor(() => load.select({ phase: 'after', kind: 'write', status: 200 }).length >= 2, { timeout: 10_000, what: 'writes after the return' });
  await load.stop();
  return { load, recoveryMs };
}

function assertOutageAnswers(load: OutageLoad) {
  const all = load.counts();
  assert.equal(all['500'] ?? 0, 0, `no 500 at all: ${JSON.stringify(all)}`);
  assert.equal(all['0'] ?? 0, 0, `every request answered: ${JSON.stringify(load.select({ status: 0 }).slice(0, 3))}`);
  const writesDuring = load.counts({ phase: 'during', kind: 'write' });
  for (const status of Object.keys(writesDuring)) assert.ok(['200', '503'].includes(status), `writes during: ${JSON.stringify(writesDuring)}`);
  for (const answer of load.select({ phase: 'during', status: 503 })) {
    assert.ok(Number(answer.retryAfter) > 0, `a 503 carries Retry-After: ${JSON.stringify(answer)}`);
    assert.match(answer.error ?? '', /try again/i);
  }
  const readsDuring = load.counts({ phase: 'during', kind: 'read' });
  assert.ok((readsDuring['200'] ?? 0) > 0, `warm home reads served during the outage: ${JSON.stringify(readsDuring)}`);
  return { all, writesDuring, readsDuring };
}

test('PostgreSQL unreachable: writes 503 + Retry-After, warm home reads 200, back within 5 s', { skip, timeout: 120_000 }, async () => {
  const { load, recoveryMs } = await outage('cut');
  const { readsDuring } = assertOutageAnswers(load);
  // The breaker answers at once: a refused database costs a request milliseconds.
  assert.equal(readsDuring['503'] ?? 0, 0, `every warm home read served while unreachable: ${JSON.stringify(readsDuring)}`);
  assert.ok(recoveryMs <= 5000, `full service ${recoveryMs.toFixed(0)} ms after the return`);
  assert.equal(await readyStatus(), 200);
  // An operator sees the refused writes on /metrics, by reason.
  const metrics = await (await fetch(`${app.url}/metrics`)).text();
  const refusedPosts = Number(/^sirb_unavailable_responses_total\{reason="unreachable",method="POST"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
  assert.ok(refusedPosts >= load.select({ phase: 'during', kind: 'write', status: 503 }).length, `refused writes on /metrics: ${refusedPosts}`);
  assert.match(metrics, /^sirb_render_cache_stale_served_total \d+$/m);
});

test('PostgreSQL hung (accepts, never answers): no pile-up, no 500, back within 5 s', { skip, timeout: 120_000 }, async () => {
  const { load, recoveryMs } = await outage('hang');
  assertOutageAnswers(load);
  // Bounded: no request waits longer than the pool's connect and query timeouts (plus slack for a loaded machine).
  const slowest = Math.max(...load.select({ phase: 'during' }).map((a) => a.ms));
  assert.ok(slowest < 20_000, `slowest answer during the hang: ${slowest.toFixed(0)} ms`);
  assert.ok(recoveryMs <= 5000, `full service ${recoveryMs.toFixed(0)} ms after the return`);
  const metrics = await (await fetch(`${app.url}/metrics`)).text();
  assert.match(metrics, /sirb_database_up 1/);
});
