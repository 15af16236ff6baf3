// Issue 15 acceptance: axe-core (WCAG 2.0/2.1 A and AA rules) over every page of the web app, in
// Arabic and English, light and dark, for an administrator with realistic data (Arabic posts, an
// image, a poll, replies, notifications, a list, a followed tag, a filter, a report), plus the
// signed-out welcome page and the server's OAuth sign-in page. One browser page is reused; the
// language and theme are switched the way the app keeps them (localStorage sirb.lang / sirb.theme).
// The test fails listing every violation as page, language/theme, rule id and target.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { createApp, Api } from '../helpers/client.js';
import { closeWebRig, startWebRig, type WebRig } from './harness.js';
import { seedRealistic, type RealisticSeed } from './realistic-seed.js';
import { TEST_BACKEND } from '../helpers/backend.js';

// What the web app looks like does not depend on the backend: checked once, on the embedded pass.
const uiOnly = TEST_BACKEND === 'postgres' ? 'the web app is the same on both backends: checked on the embedded pass' : false;

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const LANGS = ['ar', 'en'] as const;
const THEMES = ['light', 'dark'] as const;

let rig: WebRig;
let seed: RealisticSeed;

before(async () => {
  if (uiOnly) return;
  rig = await startWebRig();
  seed = await seedRealistic(rig.sirb);
});

after(() => (uiOnly ? undefined : closeWebRig(rig)));

/** Every route of web/src/App.tsx (and settings/routes.tsx, pages/admin/index.tsx) with seeded ids. */
function signedInRoutes(): string[] {
  return [
    '/',
    '/explore',
    `/search?q=${encodeURIComponent(seed.query)}`,
    `/tags/${encodeURIComponent(seed.tag)}`,
    seed.threadPath,
    `/@${seed.me.username}`,
    `/@${seed.writer.username}`,
    '/notifications',
    '/bookmarks',
    '/lists',
    `/lists/${seed.listId}`,
    '/settings',
    '/settings/blocks',
    '/settings/mutes',
    '/settings/follow_requests',
    '/settings/filters',
    '/settings/filters/new',
    `/settings/filters/${seed.filterId}`,
    '/settings/push',
    '/settings/followed_tags',
    '/settings/scheduled',
    '/admin/reports',
    `/admin/reports/${seed.reportId}`,
    '/admin/accounts',
    `/admin/accounts/${seed.writer.id}`,
    '/admin/audit',
    '/admin/rules',
    '/no-such-page',
  ];
}

/** Waits until the page has what it is about: network quiet, nothing busy or "Loading…", fonts in. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  await page
    .waitForFunction(
      () => {
        const main = document.querySelector('main');
        if (!main) return false;
        if (document.querySelector('[aria-busy="true"]')) return false;
        return !/Loading…|جارٍ التحميل…/.test(main.textContent ?? '') && document.fonts.status === 'loaded';
      },
      null,
      { timeout: 8000, polling: 100 },
    )
    .catch(() => {});
}

interface Violation {
  id: string;
  impact: string | null;
  targets: string[];
  summary: string;
}

async function runAxe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: string[]; failureSummary?: string }[] }[] };
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<Result> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
      summary: (v.nodes[0]?.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200),
    }));
  }, TAGS);
}

function describe(found: { where: string; violations: Violation[] }[]): string {
  return found
    .filter((f) => f.violations.length)
    .map((f) => f.violations.map((v) => `${f.where}: ${v.id} (${v.impact}) at ${v.targets.slice(0, 4).join(' | ')}${v.targets.length > 4 ? ` (+${v.targets.length - 4})` : ''} — ${v.summary}`).join('\n'))
    .join('\n');
}

test('every page of the app, signed in as an administrator, has 0 axe violations in ar/en × light/dark', { skip: uiOnly }, async () => {
  const context = await rig.browser.newContext({ locale: 'ar', viewport: { width: 1280, height: 800 }, bypassCSP: true });
  await context.addInitScript((s) => {
    if (!localStorage.getItem('sirb.session')) localStorage.setItem('sirb.session', JSON.stringify(s));
  }, { token: seed.me.token, accountId: seed.me.id, acct: seed.me.username });
  const page = await context.newPage();
  const found: { where: string; violations: Violation[] }[] = [];
  let visited = 0;
  for (const lang of LANGS) {
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(`${rig.front.origin}/`);
      await page.evaluate(([l, t]) => {
        localStorage.setItem('sirb.lang', l);
        localStorage.setItem('sirb.theme', t);
      }, [lang, theme]);
      for (const route of signedInRoutes()) {
        await page.goto(`${rig.front.origin}${route}`);
        await settle(page);
        const where = `${route} [${lang}/${theme}]`;
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `${where}: language applied`);
        found.push({ where, violations: await runAxe(page) });
        visited++;
      }
    }
  }
  await context.close();
  assert.equal(visited, signedInRoutes().length * 4);
  const report = describe(found);
  assert.equal(report, '', `axe violations:\n${report}`);
});

test('the signed-out pages (welcome, the server\'s OAuth sign-in) have 0 axe violations in ar/en × light/dark', { skip: uiOnly }, async () => {
  const app = await createApp(new Api(rig.sirb.url));
  const authorize = `/oauth/authorize?${new URLSearchParams({ client_id: app.clientId, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', response_type: 'code', scope: 'read write follow push' })}`;
  const found: { where: string; violations: Violation[] }[] = [];
  for (const lang of LANGS) {
    for (const theme of THEMES) {
      const context = await rig.browser.newContext({ locale: lang, colorScheme: theme, viewport: { width: 1280, height: 800 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${rig.front.origin}/`);
      await page.evaluate(([l, t]) => {
        localStorage.setItem('sirb.lang', l);
        localStorage.setItem('sirb.theme', t);
      }, [lang, theme]);
      for (const route of ['/', '/explore', `/tags/${encodeURIComponent(seed.tag)}`, seed.threadPath, `/@${seed.writer.username}`, '/notifications']) {
        await page.goto(`${rig.front.origin}${route}`);
        await settle(page);
        found.push({ where: `${route} signed out [${lang}/${theme}]`, violations: await runAxe(page) });
      }
      await page.goto(`${rig.sirb.url}${authorize}&lang=${lang}`);
      await page.evaluate(() => document.fonts.ready.then(() => true));
      found.push({ where: `oauth/authorize [${lang}/${theme}]`, violations: await runAxe(page) });
      await context.close();
    }
  }
  const report = describe(found);
  assert.equal(report, '', `axe violations:\n${report}`);
});
