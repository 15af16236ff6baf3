// PostgreSQL and Redis gone together (issue 13), under a steady client load (a post and a home
// read twice a second): the real app process reaches its own database through a TCP proxy the
// test cuts (test/helpers/tcp-proxy.ts) and its own redis-server, which the test kills
// (test/helpers/private-redis.ts); the shared servers are never touched. For 30 s both are
// unreachable: nothing answers 500, every refused request is a 503 with Retry-After and clear
// words, no request waits on either; once both are back the app is fully in service within 5 s,
// without a restart. (Warm home reads are not served meanwhile: with Redis gone, this process
// can no longer hear other processes' invalidations, so its caches start over (events.ts,
// onGap) and a home page needs the database. With Redis alone down, or PostgreSQL alone, they
// are: redis-outage.test.ts, postgres-outage.test.ts.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestUser } from '../helpers/client.js';
import { TEST_BACKEND } from '../helpers/backend.js';
import type { AppProcess } from '../helpers/process.js';
import { privateRedis, type PrivateRedis } from '../helpers/private-redis.js';
import type { TcpProxy } from '../helpers/tcp-proxy.js';
import { OutageLoad, timeToFullService } from '../helpers/outage-load.js';
import { waitFor } from '../helpers/wait.js';
import { startChaosApp, type ChaosApp } from '../helpers/chaos-app.js';

const skip = TEST_BACKEND !== 'postgres' ? 'PostgreSQL and Redis outages are tested on the postgres backend' : false;
const OUTAGE_MS = 30_000;

let rig: ChaosApp;
let proxy: TcpProxy;
let redis: PrivateRedis;
let app: AppProcess;
let reader: TestUser;
let writer: TestUser;

before(async () => {
  if (skip) return;
  redis = await privateRedis({ persist: true });
  rig = await startChaosApp({
    name: 'pg-redis-outage',
    pgProxy: true,
    redisUrl: redis.url,
    env: { SIRB_DB_CONNECT_TIMEOUT_MS: '3000', SIRB_DB_STATEMENT_TIMEOUT_MS: '3000', SIRB_DB_QUERY_TIMEOUT_MS: '4000', REDIS_COMMAND_TIMEOUT_MS: '2500' },
    firstPosts: 'قبل العطل',
  });
  ({ app, reader, writer } = rig);
  proxy = rig.pgProxy!;
});

after(async () => {
  if (skip) return;
  await rig?.close();
  await redis?.remove();
});

test('PostgreSQL and Redis unreachable together for 30 s: no 500, writes 503 + Retry-After, back within 5 s', { skip, timeout: 240_000 }, async (t) => {
  const load = new OutageLoad({ reader, writer, readEveryMs: 500, writeEveryMs: 500 }).start();
  await waitFor(() => load.select({ phase: 'before', kind: 'read', status: 200 }).length >= 5 && load.select({ phase: 'before', kind: 'write', status: 200 }).length >= 2, { timeout: 30_000, what: 'warm reads and writes before the outage' });
  await load.settle();
  const pid = app.child.pid;
  load.enter('during');
  await Promise.all([proxy.cut(), redis.kill()]);
  const downAt = performance.now();
  await waitFor(() => load.select({ phase: 'during', kind: 'write', status: 503 }).length >= 3, { timeout: 30_000, what: 'writes answered 503 during the outage' });
  while (performance.now() - downAt < OUTAGE_MS) await new Promise((resolve) => setTimeout(resolve, 100));
  await Promise.all([proxy.restore(), redis.start()]);
  load.enter('after');
  const recoveryMs = await timeToFullService(app.url, writer);
  await waitFor(() => load.select({ phase: 'after', kind: 'write', status: 200 }).length >= 2 && load.select({ phase: 'after', kind: 'read', status: 200 }).length >= 2, { timeout: 10_000, what: 'reads and writes after the return' });
  await load.stop();

  const all = load.counts();
  const writesDuring = load.counts({ phase: 'during', kind: 'write' });
  const readsDuring = load.counts({ phase: 'during', kind: 'read' });
  const slowest = Math.max(...load.select({ phase: 'during' }).map((a) => a.ms));
  const refusedReads = [...new Set(load.select({ phase: 'during', kind: 'read' }).filter((a) => a.status !== 200).map((a) => `${a.status} ${a.error}`))];
  t.diagnostic(JSON.stringify({ all, writesDuring, readsDuring, refusedReads, slowestDuringMs: Math.round(slowest), recoveryMs: Math.round(recoveryMs) }));
  assert.equal(all['500'] ?? 0, 0, `no 500 at all: ${JSON.stringify(load.select({ status: 500 }).slice(0, 3))}`);
  assert.equal(all['0'] ?? 0, 0, `every request answered: ${JSON.stringify(load.select({ status: 0 }).slice(0, 3))}`);
  assert.ok((writesDuring['503'] ?? 0) > 0, `writes refused during the outage: ${JSON.stringify(writesDuring)}`);
  for (const status of Object.keys(writesDuring)) assert.ok(['200', '503'].includes(status), `writes during: ${JSON.stringify(writesDuring)}`);
  for (const status of Object.keys(readsDuring)) assert.ok(['200', '503'].includes(status), `reads during: ${JSON.stringify(readsDuring)}`);
  for (const answer of load.select({ phase: 'during', status: 503 })) {
    assert.ok(Number(answer.retryAfter) > 0, `a 503 carries Retry-After: ${JSON.stringify(answer)}`);
    assert.match(answer.error ?? '', /try again/i);
  }
  // Neither dependency is waited on once its breaker is open: answers stay quick all along.
  assert.ok(slowest < 10_000, `slowest answer during the outage: ${slowest.toFixed(0)} ms`);
  assert.ok(recoveryMs <= 5000, `full service ${recoveryMs.toFixed(0)} ms after both returned`);
  assert.equal(app.child.pid, pid, 'the same process, not restarted');
  assert.equal(app.child.exitCode, null);
});
