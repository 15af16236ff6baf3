// The server is up but cannot save (its database refuses writes: 503 with Retry-After), in a
// real browser: the post stays in the outbox, the reader is told (ar/en banner), reads that the
// server still answers do not make the app believe all is well, and once writes work again the
// post goes out exactly once. The database is really locked against writes from the test: an
// open write transaction on the SQLite file (busy), or a table lock on PostgreSQL (statement
// timeout).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Api, createUser, type TestUser } from '../helpers/client.js';
import { DEFAULT_POSTGRES_LIMITS } from '../../src/db/postgres-pool.js';
import { closeWebRig, signedInContext, startWebRig, type WebRig } from './harness.js';

let rig: WebRig;
let user: TestUser;

before(async () => {
  // A locked table makes a post wait out the statement timeout: kept short here.
  rig = await startWebRig({ postgresLimits: { ...DEFAULT_POSTGRES_LIMITS, statementTimeoutMs: 1500, queryTimeoutMs: 4000 } });
  user = await createUser(new Api(rig.sirb.url), `outbox_${Date.now().toString(36).slice(-5)}`);
});

after(async () => {
  await closeWebRig(rig);
});

/** Holds the database's write lock until the returned function is called. */
async function lockWrites(): Promise<() => Promise<void>> {
  const databaseUrl = rig.sirb.server!.ctx.config.databaseUrl;
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('begin');
    await client.query('lock table statuses in exclusive mode');
    return async () => {
      await client.query('commit');
      await client.end();
    };
  }
  const sqlite = new Database(path.join(rig.sirb.dataDir, 'sirb.sqlite'));
  sqlite.prepare('begin immediate').run();
  return async () => {
    sqlite.prepare('commit').run();
    sqlite.close();
  };
}

test('a post refused with 503 + Retry-After waits in the outbox, the reader is told, and it is posted once when writes work again', { timeout: 120_000 }, async () => {
  const context = await signedInContext(rig.browser, user, 'en');
  const page = await context.newPage();
  await page.goto(`${rig.front.origin}/`);
  await page.waitForSelector('form.composer');

  const unlock = await lockWrites();
  let unlocked = false;
  try {
    const text = `Saved while the database was locked ${Date.now().toString(36)} — محفوظ`;
    await page.fill('form.composer textarea', text);
    await page.click('form.composer button[type=submit]');
    await page.locator('.outbox-note .queued-post', { hasText: 'Saved while the database was locked' }).waitFor({ timeout: 30_000 });
    await page.locator('.outage[role=alert]').waitFor({ timeout: 30_000 });
    // Reading still works meanwhile (the server answers), and that does not clear the notice:
    // only /readyz or a successful write does.
    const home = await page.evaluate(async (token) => (await fetch('/api/v1/timelines/home', { headers: { authorization: `Bearer ${token}` } })).status, user.token);
    assert.equal(home, 200);
    assert.equal(await page.locator('.outbox-note .queued-post').count(), 1);

    await unlock();
    unlocked = true;
    await page.locator('.outbox-note').waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('.outage').waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('article.status', { hasText: 'Saved while the database was locked' }).first().waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => Object.keys(localStorage).every((k) => !k.startsWith('sirb.outbox')), null, { timeout: 15_000 });
    const statuses = await user.api.get(`/api/v1/accounts/${user.id}/statuses?limit=40`);
    const copies = statuses.body.filter((s: { content: string }) => s.content.includes('Saved while the database was locked'));
    assert.equal(copies.length, 1, 'posted exactly once');
  } finally {
    if (!unlocked) await unlock();
    await context.close();
  }
});
