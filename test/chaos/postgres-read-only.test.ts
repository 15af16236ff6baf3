// PostgreSQL read-only (issue 13: "PostgreSQL down or read-only"), as it is during a failover to a
// standby or maintenance: the app's database set to default_transaction_read_only and its
// connections cut, under a steady client load (a post and a home read twice a second). Reads go on
// being served from the database; writes answer 503 with Retry-After and words that say the
// service is read-only, never 500; nothing is half-saved; once the database takes writes again the
// app does too within 5 s, without a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { TestUser } from '../helpers/client.js';
import { TEST_BACKEND, type IsolatedBackend } from '../helpers/backend.js';
import type { AppProcess } from '../helpers/process.js';
import { OutageLoad, timeToFullService } from '../helpers/outage-load.js';
import { waitFor } from '../helpers/wait.js';
import { startChaosApp, type ChaosApp } from '../helpers/chaos-app.js';

const skip = TEST_BACKEND !== 'postgres' ? 'PostgreSQL read-only is tested on the postgres backend (SQLITE_READONLY: test/chaos/sqlite-disk-full)' : false;
const READ_ONLY_MS = 20_000;

let rig: ChaosApp;
let backend: IsolatedBackend;
let app: AppProcess;
let reader: TestUser;
let writer: TestUser;

/** As the operator would: the database's default, then every open session of it ended. */
async function setReadOnly(on: boolean): Promise<void> {
  const url = new URL(backend.databaseUrl!);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(on ? `alter database ${name} set default_transaction_read_only = on` : `alter database ${name} reset default_transaction_read_only`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
  } finally {
    await admin.end();
  }
}

before(async () => {
  if (skip) return;
  rig = await startChaosApp({ name: 'pg-read-only', firstPosts: 'قبل الصيانة' });
  ({ app, backend, reader, writer } = rig);
});

after(async () => {
  if (!skip) await rig?.close();
});

test('PostgreSQL read-only for 20 s: reads served, writes 503 + Retry-After, no 500, writes back within 5 s', { skip, timeout: 240_000 }, async (t) => {
  const load = new OutageLoad({ reader, writer, readEveryMs: 500, writeEveryMs: 500 }).start();
  await waitFor(() => load.select({ phase: 'before', kind: 'read', status: 200 }).length >= 3 && load.select({ phase: 'before', kind: 'write', status: 200 }).length >= 2, { timeout: 60_000, what: 'reads and writes before' });
  const pid = app.child.pid;
  load.enter('during');
  await setReadOnly(true);
  const since = performance.now();
  await waitFor(() => load.select({ phase: 'during', kind: 'write', status: 503 }).length >= 3, { timeout: 30_000, what: 'writes refused while read-only' });
  while (performance.now() - since < READ_ONLY_MS) await new Promise((resolve) => setTimeout(resolve, 100));
  await setReadOnly(false);
  load.enter('after');
  const recoveryMs = await timeToFullService(app.url, writer);
  await waitFor(() => load.select({ phase: 'after', kind: 'write', status: 200 }).length >= 2, { timeout: 30_000, what: 'writes after' });
  await load.stop();

  const all = load.counts();
  const during = { writes: load.counts({ phase: 'during', kind: 'write' }), reads: load.counts({ phase: 'during', kind: 'read' }) };
  const refusals = [...new Set(load.select({ phase: 'during', kind: 'write', status: 503 }).map((a) => a.error))];
  t.diagnostic(JSON.stringify({ all, during, refusals, recoveryMs: Math.round(recoveryMs) }));
  assert.equal(all['500'] ?? 0, 0, `no 500: ${JSON.stringify(load.select({ status: 500 }).slice(0, 3))}`);
  assert.equal(all['0'] ?? 0, 0, 'every request answered');
  for (const status of Object.keys(during.writes)) assert.ok(['200', '503'].includes(status), `writes during: ${JSON.stringify(during.writes)}`);
  const reads = Object.values(during.reads).reduce((a, b) => a + b, 0);
  assert.ok((during.reads['200'] ?? 0) >= reads * 0.8, `reads keep being served: ${JSON.stringify(during.reads)}`);
  for (const answer of load.select({ phase: 'during', status: 503 })) assert.ok(Number(answer.retryAfter) > 0, `Retry-After: ${JSON.stringify(answer)}`);
  assert.ok(refusals.some((e) => /read-only/i.test(e ?? '')), `a refusal says the service is read-only: ${JSON.stringify(refusals)}`);
  assert.ok(recoveryMs <= 5000, `writes back ${recoveryMs.toFixed(0)} ms after the database took them again`);
  assert.equal(app.child.pid, pid, 'the same process');

  // Nothing refused was saved, nothing acknowledged was lost.
  const acknowledged = load.select({ kind: 'write', status: 200 }).map((a) => a.id!);
  for (const id of acknowledged) assert.equal((await writer.api.get(`/api/v1/statuses/${id}`)).status, 200);
  const account = await writer.api.get(`/api/v1/accounts/${writer.id}`);
  // 5 before the load, every acknowledged write, and timeToFullService's own post(s).
  assert.ok(account.body.statuses_count >= 5 + acknowledged.length && account.body.statuses_count <= 5 + acknowledged.length + 2, `statuses_count ${account.body.statuses_count} for ${acknowledged.length} acknowledged`);
});
