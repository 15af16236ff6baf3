// Issue 14, "Reporters": the app's own offline banner offers a one-tap report, as docs/status.md
// promises. A real status service process (its own port, its own SQLite) takes the report; the
// browser reaches the app through a proxy the test makes hang (the reader's path to the app is
// broken), while the status service still reaches the app and so can verify the signed-in
// user's token: the stored report carries the signed-in weight. Each outage is reported once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { Api, createUser, type TestUser } from '../helpers/client.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { freePort } from '../helpers/server.js';
import { startStatusProcess, type StatusProcess } from '../status-service/status-process.js';
import { artifacts, closeWebRig, signedInContext, startWebRig, type WebRig } from './harness.js';

let rig: WebRig;
let proxy: TcpProxy;
let status: StatusProcess;
let origin: string;
const statusDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-outage-report-'));
const contexts: BrowserContext[] = [];
const suffix = Date.now().toString(36).slice(-5);

before(async () => {
  const statusPort = await freePort();
  rig = await startWebRig({ statusPageUrl: `http://127.0.0.1:${statusPort}` });
  proxy = await TcpProxy.start({ host: '127.0.0.1', port: rig.sirb.port });
  origin = `http://127.0.0.1:${proxy.port}`;
  // PUBLIC_URL: the origin the app's pages come from, the one the status service takes reports from.
  status = await startStatusProcess({ port: statusPort, appUrl: rig.sirb.url, env: { PUBLIC_URL: origin, STATUS_DATA_DIR: statusDir, PROBE_INTERVAL_S: '3600' } });
});

after(async () => {
  for (const c of contexts) await c.close();
  await proxy?.close();
  status?.child.kill('SIGTERM');
  await status?.exited;
  await closeWebRig(rig);
  fs.rmSync(statusDir, { recursive: true, force: true });
});

/** The reports the status service stored, read from its own database file. */
function storedReports(): { problem: string; weight: number }[] {
  const db = new Database(path.join(statusDir, 'status.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT problem, weight FROM reports ORDER BY id').all() as { problem: string; weight: number }[];
  } finally {
    db.close();
  }
}

async function openHome(user: TestUser, locale: string): Promise<Page> {
  const context = await signedInContext(rig.browser, { token: user.token, id: user.id, username: user.username }, locale);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.locator('form.composer').waitFor({ timeout: 30_000 });
  // The reload during the outage needs the shell from the service worker: wait until it has
  // installed (precached every bundle, lazy ones included) before the server stops answering.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // The instance answer named the status service (cached for when the app cannot be reached).
  await page.waitForFunction(() => localStorage.getItem('sirb.statusUrl') !== null, null, { timeout: 15_000, polling: 100 });
  return page;
}

const cases = [
  { lang: 'en', locale: 'en-US', report: 'Report a problem', thanks: 'Reported, thank you.' },
  { lang: 'ar', locale: 'ar', report: 'أبلغ عن مشكلة', thanks: 'وصلنا بلاغك، شكرًا لك.' },
] as const;

for (const [i, c] of cases.entries()) {
  test(`${c.lang}: the offline banner reports the problem in one tap, as the signed-in user, once`, { timeout: 240_000 }, async () => {
    const user = await createUser(new Api(rig.sirb.url), `reporter${i}_${suffix}`);
    const page = await openHome(user, c.locale);
    const before = storedReports().length;
    proxy.hang();
    try {
      // Any request now goes unanswered; past its deadline the banner says so.
      await page.click('nav a[href="/notifications"]');
      const banner = page.locator('.outage[role=alert]');
      await banner.waitFor({ timeout: 60_000 });
      const button = banner.getByRole('button', { name: c.report });
      await button.click();
      await banner.locator('.outage-reported[role=status]', { hasText: c.thanks }).waitFor({ timeout: 20_000 });
      assert.equal(await button.count(), 0, 'the button is gone: the same outage cannot be reported twice');
      fs.mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, `${c.lang}-outage-reported.png`) });

      const added = storedReports().slice(before);
      assert.deepEqual(added, [{ problem: 'website', weight: 2 }], 'one report, weighed as a verified signed-in account');
      // A reload during the same outage does not offer it again (the shell comes from the service worker).
      await page.reload({ timeout: 60_000 }).catch(() => undefined);
      await page.locator('.outage[role=alert] .outage-reported', { hasText: c.thanks }).waitFor({ timeout: 60_000 });
      assert.equal(await page.locator('.outage[role=alert]').getByRole('button', { name: c.report }).count(), 0);
      assert.equal(storedReports().length, before + 1, 'nothing sent again');
    } finally {
      await proxy.restart();
    }
    // The app is back: the banner goes, and the next outage may be reported anew.
    await page.locator('.outage').waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await page.evaluate(() => localStorage.getItem('sirb.outageReportedAt')), null);
  });
}
