// What an operator watches when the database cannot serve (docs/operations.md): writes refused
// with 503 by reason, stale render-cache answers, and the whole /metrics page lint-clean for
// Prometheus (`promtool check metrics`, from Debian's prometheus package).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, type TestUser } from '../helpers/client.js';
import { TEST_BACKEND } from '../helpers/backend.js';

let server: TestServer;
let user: TestUser;
before(async () => {
  server = await startTestServer();
  const api = new Api(server.url);
  user = await createUser(api, undefined, await createApp(api));
});
after(() => server.close());

const scrape = async () => (await fetch(`${server.url}/metrics`)).text();

test('a write refused while the SQLite file is locked is counted by reason and method', { skip: TEST_BACKEND !== 'sqlite' && 'the SQLite file lock is SQLite only', timeout: 120_000 }, async () => {
  // Another process's writer holding the lock past busy_timeout (5 s): a real SQLITE_BUSY.
  const other = new Database(path.join(server.dataDir, 'sirb.sqlite'));
  other.exec('BEGIN IMMEDIATE');
  try {
    const res = await user.api.post('/api/v1/statuses', { status: 'لن يُحفظ الآن' });
    assert.equal(res.status, 503, JSON.stringify(res.body));
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
  assert.match(await scrape(), /^sirb_unavailable_responses_total\{reason="busy",method="POST"\} 1$/m);
  assert.equal((await user.api.post('/api/v1/statuses', { status: 'حُفظ بعد فك القفل' })).status, 200);
});

test('/metrics names the stale answers and the refusals, with HELP, and passes promtool check metrics', async () => {
  await user.api.get('/api/v1/timelines/home');
  const text = await scrape();
  assert.match(text, /^# HELP sirb_render_cache_stale_served_total .+$/m);
  assert.match(text, /^# TYPE sirb_render_cache_stale_served_total counter$/m);
  assert.match(text, /^sirb_render_cache_stale_served_total \d+$/m);
  assert.match(text, /^# HELP sirb_unavailable_responses_total .+$/m);
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(lint.error, undefined, `promtool could not run: ${lint.error}`);
  assert.equal(lint.status, 0, `promtool check metrics: ${lint.stdout}${lint.stderr}`);
});
