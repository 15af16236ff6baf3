// The status and report pages in a real Chromium, in both languages, with screenshots written to
// test-artifacts/status/ for a human to look at.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { recordProbes, type ProbeRecord } from '../src/components/store.js';
import { COMPONENT_IDS } from '../src/components/catalog.js';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { getJson, root, tempDir } from './helpers.js';

const ARTIFACTS = path.join(root, 'test-artifacts');
const ADMIN = 'browser-admin';
let svc: RunningStatusService;
let browser: Browser;

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', adminToken: ADMIN, logLevel: 'silent', background: false, reportLimit: 1000, trustProxy: 1 });
  // Some history to draw: 90 days of probes with a bad day for posting, reports and incidents.
  const now = Date.now();
  const records: ProbeRecord[] = [];
  for (let d = 89; d >= 0; d--) {
    for (const component of COMPONENT_IDS) {
      for (let k = 0; k < 4; k++) {
        const bad = (component === 'posting' && d === 12 && k < 2) || (component === 'search' && d === 40 && k === 0);
        records.push({ component, at: now - d * 86_400_000 - k * 3_600_000, ok: !bad, latencyMs: 80 + k * 10, error: bad ? 'answered 500' : undefined });
      }
    }
  }
  await recordProbes(svc.ctx.db, records);
  const problems = ['login', 'login', 'website', 'posting', 'timeline', 'notifications', 'search'];
  const regions = ['SA', 'EG', 'AE', 'GB', 'US', 'SA', 'MA'];
  for (let i = 0; i < 40; i++) {
    await getJson(`${svc.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.1.0.${i}` }, body: JSON.stringify({ problem: problems[i % 7], region: regions[i % 7] }) });
  }
  const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const past = await getJson(`${svc.url}/api/v1/incidents`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Posting failures', name_ar: 'تعذّر النشر', body: 'Posts are failing for some people.', body_ar: 'يتعذّر النشر على بعض المستخدمين.', impact: 'major', components: ['posting'] }) });
  await getJson(`${svc.url}/api/v1/incidents/${past.body.id}/updates`, { method: 'POST', headers: auth, body: JSON.stringify({ status: 'resolved', body: 'Fixed a full disk.', body_ar: 'أصلحنا قرصًا ممتلئًا.' }) });
  await getJson(`${svc.url}/api/v1/incidents`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Slow search', name_ar: 'بطء البحث', body: 'Search is slower than usual.', body_ar: 'البحث أبطأ من المعتاد.', impact: 'minor', components: ['search'] }) });

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await svc?.stop();
});

describe('status page in Chromium', () => {
  it('renders in Arabic (RTL) and English (LTR), switchable, with uptime bars and report charts', async () => {
    // An Arabic browser gets the Arabic page without asking.
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'ar-SA' });
    await page.goto(`${svc.url}/`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.match((await page.textContent('#overall')) ?? '', /خلل بسيط/);
    assert.equal(await page.locator('#components .component').count(), 7);
    assert.equal(await page.locator('#components .component svg.bars rect').count(), 7 * 90);
    assert.match((await page.textContent('#active')) ?? '', /بطء البحث/);
    assert.match((await page.textContent('#past')) ?? '', /تعذّر النشر/);
    assert.match((await page.textContent('#reports')) ?? '', /40/);
    assert.match((await page.textContent('#reports')) ?? '', /السعودية/);
    // The page must lay out right to left: the title sits at the right edge.
    const title = await page.locator('h1').boundingBox();
    assert.ok(title && title.x > 500, `Arabic title starts at x=${title?.x}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'status-ar.png'), fullPage: true });

    await page.click('#lang-switch');
    await page.waitForURL(/lang=en/);
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    assert.match((await page.textContent('#overall')) ?? '', /Minor Service Outage/);
    assert.match((await page.textContent('#components')) ?? '', /Notifications & streaming/);
    assert.match((await page.textContent('#reports')) ?? '', /Saudi Arabia/);
    const enTitle = await page.locator('h1').boundingBox();
    assert.ok(enTitle && enTitle.x < 200, `English title starts at x=${enTitle?.x}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'status-en.png'), fullPage: true });
    await page.close();
  });

  it('takes a report through the form in both languages, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.9' } });
    const page = await context.newPage();
    for (const lang of ['ar', 'en'] as const) {
      await page.goto(`${svc.url}/report?lang=${lang}`);
      assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
      await page.screenshot({ path: path.join(ARTIFACTS, `report-${lang}.png`), fullPage: true });
      await page.check('input[value="login"]');
      await page.selectOption('select[name="region"]', 'EG');
      await page.click('button[type="submit"]');
      assert.match((await page.textContent('#report-thanks')) ?? '', lang === 'ar' ? /شكرًا/ : /Thank you/);
      await page.screenshot({ path: path.join(ARTIFACTS, `report-sent-${lang}.png`) });
    }
    await context.close();
    for (const f of ['status-ar.png', 'status-en.png', 'report-ar.png', 'report-en.png']) assert.ok(fs.statSync(path.join(ARTIFACTS, f)).size > 5000, f);
  });
});
