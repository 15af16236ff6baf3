// A bad network between the app and both of its stores (issue 13: "network delay and loss between
// app and database"), under a steady client load (a post and a home read twice a second). The
// issue suggests tc netem in a network namespace; this kernel has no sch_netem ("Specified qdisc
// kind is unknown", no /lib/modules), so the real app process reaches its own PostgreSQL database
// and Redis through TCP proxies that make the same network (test/helpers/tcp-proxy.ts, degrade):
// 100 ms each way, and 5 % of the chunks lost and retransmitted 400 ms late, holding back what
// follows them, for 30 s. A slow network is not an outage: most requests are still served, none
// answers 500 or goes unanswered, a refusal is a 503 with Retry-After, every acknowledged post is
// there afterwards and none twice, and full speed is back within 5 s of the network's return.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestUser } from '../helpers/client.js';
import { TEST_BACKEND } from '../helpers/backend.js';
import type { AppProcess } from '../helpers/process.js';
import type { TcpProxy } from '../helpers/tcp-proxy.js';
import { OutageLoad, timeToFullService } from '../helpers/outage-load.js';
import { waitFor } from '../helpers/wait.js';
import { startChaosApp, type ChaosApp } from '../helpers/chaos-app.js';

const skip = TEST_BACKEND !== 'postgres' ? 'the network to PostgreSQL and Redis is tested on the postgres backend (SQLite is a file)' : false;
const DEGRADED_MS = 30_000;
const NETWORK = { delayMs: 100, lossRate: 0.05, retransmitMs: 400 };

let rig: ChaosApp;
let pgProxy: TcpProxy;
let redisProxy: TcpProxy;
let app: AppProcess;
let reader: TestUser;
let writer: TestUser;

before(async () => {
  if (skip) return;
  rig = await startChaosApp({ name: 'slow-network', pgProxy: true, redisProxy: true, firstPosts: 'قبل الشبكة البطيئة' });
  ({ app, reader, writer } = rig);
  pgProxy = rig.pgProxy!;
  redisProxy = rig.redisProxy!;
});

after(async () => {
  if (!skip) await rig?.close();
});

test('100 ms and 5 % loss to PostgreSQL and Redis for 30 s: served, no 500, no acknowledged post lost', { skip, timeout: 300_000 }, async (t) => {
  const load = new OutageLoad({ reader, writer, readEveryMs: 500, writeEveryMs: 500 }).start();
  await waitFor(() => load.select({ phase: 'before', kind: 'read', status: 200 }).length >= 5 && load.select({ phase: 'before', kind: 'write', status: 200 }).length >= 2, { timeout: 60_000, what: 'reads and writes before the network degrades' });
  const pid = app.child.pid;
  load.enter('during');
  pgProxy.degrade(NETWORK);
  redisProxy.degrade(NETWORK);
  const degradedAt = performance.now();
  while (performance.now() - degradedAt < DEGRADED_MS) await new Promise((resolve) => setTimeout(resolve, 100));
  await Promise.all([pgProxy.restore(), redisProxy.restore()]);
  load.enter('after');
  const recoveryMs = await timeToFullService(app.url, writer);
  await waitFor(() => load.select({ phase: 'after', kind: 'write', status: 200 }).length >= 3 && load.select({ phase: 'after', kind: 'read', status: 200 }).length >= 3, { timeout: 30_000, what: 'reads and writes after the network is back' });
  await load.stop();

  const all = load.counts();
  const during = { writes: load.counts({ phase: 'during', kind: 'write' }), reads: load.counts({ phase: 'during', kind: 'read' }) };
  const msDuring = load.select({ phase: 'during', status: 200 }).map((a) => a.ms).sort((a, b) => a - b);
  const median = msDuring[Math.floor(msDuring.length / 2)] ?? NaN;
  const lossSeen = { pg: pgProxy.degraded, redis: redisProxy.degraded };
  t.diagnostic(JSON.stringify({ all, during, medianServedMsDuring: Math.round(median), recoveryMs: Math.round(recoveryMs), lossSeen }));

  assert.equal(all['500'] ?? 0, 0, `no 500 at all: ${JSON.stringify(load.select({ status: 500 }).slice(0, 3))}`);
  assert.equal(all['0'] ?? 0, 0, `every request answered: ${JSON.stringify(load.select({ status: 0 }).slice(0, 3))}`);
  for (const [kind, counts] of Object.entries(during)) {
    for (const status of Object.keys(counts)) assert.ok(['200', '503'].includes(status), `${kind} during: ${JSON.stringify(counts)}`);
    const served = counts['200'] ?? 0;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    assert.ok(total > 0 && served / total >= 0.5, `a slow network is not an outage: ${kind} served ${served} of ${total}`);
  }
  for (const answer of load.select({ status: 503 })) assert.ok(Number(answer.retryAfter) > 0, `a 503 carries Retry-After: ${JSON.stringify(answer)}`);
  assert.ok(pgProxy.degraded.lost > 0 && redisProxy.degraded.lost > 0, `chunks were lost on both paths: ${JSON.stringify(lossSeen)}`);
  assert.ok(recoveryMs <= 5000, `full service ${recoveryMs.toFixed(0)} ms after the network returned`);
  assert.equal(app.child.pid, pid, 'the same process, not restarted');

  // Every acknowledged post is there, once.
  const acknowledged = load.select({ kind: 'write', status: 200 }).map((a) => a.id!);
  for (const id of acknowledged) assert.equal((await writer.api.get(`/api/v1/statuses/${id}`)).status, 200, `acknowledged post ${id} is there`);
  const texts: string[] = [];
  let next: string | null = `/api/v1/accounts/${writer.id}/statuses?limit=40`;
  while (next) {
    const res: { body: unknown; headers: Headers } = await writer.api.get(next);
    texts.push(...(res.body as { content: string }[]).map((s) => s.content));
    const link = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '');
    next = link && (res.body as unknown[]).length ? new URL(link[1]).pathname + new URL(link[1]).search : null;
  }
  assert.equal(new Set(texts).size, texts.length, 'no post twice');
  assert.ok(texts.length >= acknowledged.length, `${texts.length} posts listed, ${acknowledged.length} acknowledged`);
});
