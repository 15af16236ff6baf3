// The status page as people use it, in a real Chromium: local times and "x minutes ago" in both
// languages with one numeral system each, day details by touch, contrast ≥ 4.5:1 (axe-core) in the
// light and dark themes, the "Report a problem" button, incident duration and affected components,
// and content refreshing in place without a reload.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { getJson, tempDir } from './helpers.js';
import { launchChromium, seedPage, type SeededPage } from './page-fixtures.js';

const ADMIN = 'page-admin';
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// Arabic-Indic (U+0660–0669) and Eastern Arabic-Indic (U+06F0–06F9) digits.
const EASTERN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/;
let svc: RunningStatusService;
let browser: Browser;
let seeded: SeededPage;

before(async () => {
  svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', adminToken: ADMIN, logLevel: 'silent', background: false, reportLimit: 1000, trustProxy: 1, pageRefreshMs: 500 });
  seeded = await seedPage(svc);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await svc?.stop();
});

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('html[data-script="ready"]', { timeout: 30_000 });
}

describe('status page in Chromium: people', () => {
  it('shows times in the reader\'s time zone with "x minutes ago", one numeral system per language', async () => {
    const context = await browser.newContext({ timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    // The reader's clock runs 5 minutes after the server's: the footer's "updated" time is 5 minutes ago.
    await context.clock.setFixedTime(Date.now() + 5 * 60_000 + 20_000);
    const page = await context.newPage();
    for (const lang of ['en', 'ar'] as const) {
      await page.goto(`${svc.url}/?lang=${lang}`);
      await ready(page);
      const footerTime = page.locator('footer time');
      const iso = (await footerTime.getAttribute('datetime'))!;
      const locale = lang === 'ar' ? 'ar-u-nu-latn' : 'en-GB';
      const local = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(Date.parse(iso));
      const ago = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-5, 'minute');
      const text = (await footerTime.textContent()) ?? '';
      assert.ok(text.includes(local), `${lang}: "${text}" shows Tokyo time "${local}"`);
      assert.ok(text.includes(ago), `${lang}: "${text}" says "${ago}"`);
      assert.doesNotMatch(text, /UTC/, `${lang}: local time, not UTC`);
      // The UTC time the server wrote stays available as the tooltip.
      assert.match((await footerTime.getAttribute('title')) ?? '', /UTC/);
      // Every time on the page was localized, and no digit of another numeral system slipped in.
      assert.equal(await page.locator('time:not([data-local])').count(), 0, `${lang}: every <time> localized`);
      assert.doesNotMatch((await page.locator('main').textContent()) ?? '', EASTERN_DIGITS, `${lang}: Western digits only`);
    }
    await context.close();
  });

  it('shows a day\'s details on tap on a phone, and by keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${svc.url}/?lang=en`);
    await ready(page);
    const bars = page.locator('[data-component="posting"] svg.days');
    await bars.scrollIntoViewIfNeeded();
    await bars.locator(`rect[data-day="${seeded.badDay}"]`).tap();
    const detail = page.locator('[data-component="posting"] .day-detail');
    await detail.waitFor({ timeout: 10_000 });
    const text = (await detail.textContent()) ?? '';
    assert.match(text, new RegExp(`^${seeded.badDay}: 50%`), text);
    assert.equal(await detail.getAttribute('role'), 'status');
    // Keyboard: focus the bars, End selects today, ArrowLeft the day before (English runs left to right).
    await bars.focus();
    await page.keyboard.press('End');
    const today = new Date().toISOString().slice(0, 10);
    assert.match((await detail.textContent()) ?? '', new RegExp(`^${today}`));
    await page.keyboard.press('ArrowLeft');
    assert.match((await detail.textContent()) ?? '', new RegExp(`^${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}`));
    await context.close();
  });

  it('has a clear "Report a problem" button in view on a phone, in both languages', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    for (const [lang, name] of [['ar', 'أبلغ عن مشكلة'], ['en', 'Report a problem']] as const) {
      await page.goto(`${svc.url}/?lang=${lang}`);
      const button = page.getByRole('link', { name });
      const box = await button.boundingBox();
      assert.ok(box && box.height >= 44 && box.y + box.height <= 844, `${lang}: a large enough button in the first screen (${JSON.stringify(box)})`);
      await button.tap();
      await page.waitForURL(/\/report\?lang=/);
      assert.ok(await page.locator('#report-form').isVisible());
    }
    await context.close();
  });

  it('says on incident pages how long an incident lasted and which components it touched', async () => {
    const page = await browser.newPage();
    await page.goto(`${svc.url}/incidents/${seeded.resolved.id}?lang=en`);
    assert.equal(await page.locator('[data-meta="components"]').textContent(), 'Affected components: Posting and Search');
    assert.equal(await page.locator('[data-meta="duration"]').textContent(), 'Duration: 1 hour, 5 minutes');
    await page.goto(`${svc.url}/incidents/${seeded.resolved.id}?lang=ar`);
    assert.match((await page.locator('[data-meta="components"]').textContent()) ?? '', /المكونات المتأثرة: النشر والبحث/);
    assert.match((await page.locator('[data-meta="duration"]').textContent()) ?? '', /^المدة: .*5 دقائق/);
    await page.goto(`${svc.url}/incidents/${seeded.ongoing.id}?lang=en`);
    assert.match((await page.locator('[data-meta="duration"]').textContent()) ?? '', /^Ongoing for 2\d minutes$/);
    assert.match((await page.locator('[data-meta="components"]').textContent()) ?? '', /Timelines/);
    await page.close();
  });

  it('keeps text contrast at 4.5:1 or more in the light and dark themes, both languages (axe-core)', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      // axe runs as a page script: the page's CSP (script-src 'self') is bypassed for it only.
      const context = await browser.newContext({ colorScheme, bypassCSP: true });
      const page = await context.newPage();
      for (const path of ['/?lang=ar', '/?lang=en', `/incidents/${seeded.resolved.id}?lang=ar`, '/report?lang=en']) {
        await page.goto(`${svc.url}${path}`);
        await page.evaluate(AXE_SOURCE);
        const result = await page.evaluate(() =>
          (globalThis as any).axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations'] }),
        );
        const problems = result.violations.flatMap((v: any) => v.nodes.map((n: any) => `${n.target.join(' ')}: ${n.any[0]?.message ?? v.help}`));
        assert.deepEqual(problems, [], `${colorScheme} ${path}`);
        assert.ok(result.passes.length > 0, `${colorScheme} ${path}: axe found text to check`);
      }
      await context.close();
    }
  });

  it('refreshes its content in place, without a reload, when an incident opens', async () => {
    const page = await browser.newPage();
    await page.goto(`${svc.url}/?lang=en`);
    await ready(page);
    await page.evaluate(() => ((window as any).__notReloaded = true));
    assert.equal(await page.locator('#active .incident').count(), 1);
    const created = await getJson(`${svc.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Search is down', name_ar: 'البحث متوقف', body: 'Looking into it.', impact: 'critical', components: ['search'] }),
    });
    assert.equal(created.status, 201);
    await page.waitForFunction(() => document.querySelector('#active')?.textContent?.includes('Search is down'), null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => (window as any).__notReloaded), true, 'the same document, not a reload');
    assert.match((await page.textContent('#overall')) ?? '', /Major Service Outage/);
    // New times are localized too.
    assert.equal(await page.locator('time:not([data-local])').count(), 0);
    await page.close();
  });

  it('never scrolls sideways on a 320 px phone when an incident holds a long unbroken word or URL, in both languages', async () => {
    const created = await getJson(`${svc.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Database'.repeat(20), name_ar: 'قاعدة'.repeat(30), body: `See https://example.com/${'x'.repeat(200)}`, body_ar: `انظر https://example.com/${'x'.repeat(200)}`, impact: 'minor' }),
    });
    assert.equal(created.status, 201);
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    for (const lang of ['ar', 'en']) {
      for (const path of [`/?lang=${lang}`, `/incidents/${created.body.id}?lang=${lang}`]) {
        await page.goto(`${svc.url}${path}`);
        const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        assert.ok(widths[0]! <= widths[1]!, `${path}: page ${widths[0]} px wide in a ${widths[1]} px viewport`);
      }
    }
    await context.close();
  });

  it('shows an incident written only in English the right way round on the Arabic page (title and update isolated, not reordered by RTL)', async () => {
    const created = await getJson(`${svc.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Login fails (again)!', body: 'We are on it (ETA 5 min).', impact: 'minor' }),
    });
    assert.equal(created.status, 201);
    const page = await browser.newPage();
    for (const path of ['/?lang=ar', `/incidents/${created.body.id}?lang=ar`]) {
      await page.goto(`${svc.url}${path}`);
      // Where the first and last characters are drawn: read left to right, "L" comes before "!".
      // (A string: tsx would wrap a named helper in __name, which the page does not have.)
      const order = (await page.evaluate(`(() => {
        const card = document.getElementById('incident-${created.body.id}');
        function x(text, char) {
          const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const at = n.textContent.indexOf(text);
            if (at < 0) continue;
            const range = document.createRange();
            const i = at + text.indexOf(char);
            range.setStart(n, i);
            range.setEnd(n, i + 1);
            return range.getBoundingClientRect().left;
          }
          return NaN;
        }
        return { title: [x('Login fails (again)!', 'L'), x('Login fails (again)!', '!')], update: [x('We are on it (ETA 5 min).', 'W'), x('We are on it (ETA 5 min).', '.')] };
      })()`)) as { title: number[]; update: number[] };
      assert.ok(order.title[0]! < order.title[1]!, `${path}: title drawn "!…Login" (${order.title})`);
      assert.ok(order.update[0]! < order.update[1]!, `${path}: update drawn ".…We" (${order.update})`);
    }
    await page.close();
  });
});
