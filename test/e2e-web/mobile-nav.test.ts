// Issue 15, "what people expect" (helper mobile): at 390 px a bottom navigation bar with the
// unread badge and a floating compose button, mirrored in Arabic, clear of the last post, with
// the full navigation behind "More"; sign-out always confirmed (Escape cancels, focus returns);
// skeletons instead of a bare "Loading…" on timelines, thread, profile and notifications.
// Real server, real Chromium; each of these failed before the change (no bar, no dialog, no
// skeleton). axe-core runs over the mobile home in both languages and themes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, Page, Route } from 'playwright-core';
import { createPost, type TestUser } from '../helpers/client.js';
import { waitFor } from '../helpers/wait.js';
import { Sirb, artifacts, closeWebRig, readerFollowingWriter, startWebRig, type WebRig } from './harness.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PHONE = { width: 390, height: 844 };

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let reader: TestUser;
let writer: TestUser;
let firstPost: { id: string };

before(async () => {
  ({ sirb, front, browser } = await startWebRig());
  ({ reader, writer } = await readerFollowingWriter(sirb));
  firstPost = await createPost(writer, `أول منشور في السلسلة the first post`);
  for (let i = 2; i <= 6; i++) await createPost(writer, `منشور رقم ${i} — post number ${i}, long enough to take some room on a phone's screen.`);
  // Two notifications for the reader: the badge has something to count.
  await createPost(writer, `@${reader.username} أهلاً`);
  await createPost(writer, `@${reader.username} hello again`);
});

after(() => closeWebRig({ sirb, front, browser }));

/**
 * A signed-in phone-sized tab (the session the OAuth flow would have saved, as signedInContext
 * does). bypassCSP lets the test put axe-core in; the app itself never needs it.
 */
async function phone(lang: 'ar' | 'en', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ locale: lang, colorScheme, viewport: PHONE, bypassCSP: true });
  await context.addInitScript((s) => {
    if (!sessionStorage.getItem('sirb.test.seeded')) {
      localStorage.setItem('sirb.session', JSON.stringify(s));
      sessionStorage.setItem('sirb.test.seeded', '1');
    }
  }, { token: reader.token, accountId: reader.id, acct: reader.username });
  return context.newPage();
}

const box = async (page: Page, selector: string) => {
  const b = await page.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} is on screen`);
  return b;
};

for (const lang of ['ar', 'en'] as const) {
  test(`${lang}: at 390 px a bottom bar (with the unread badge) and a compose button replace the sidebar, mirrored, clear of the last post`, async () => {
    const page = await phone(lang);
    await page.goto(`${front.origin}/`);
    await page.locator('article.status').first().waitFor();
    const bar = page.locator('nav.bottom-nav');
    await bar.waitFor();
    assert.equal(await page.locator('#main-nav').isVisible(), false, 'the sidebar is folded away');
    const barBox = await box(page, 'nav.bottom-nav');
    assert.equal(Math.round(barBox.y + barBox.height), PHONE.height, 'the bar sits at the bottom of the screen');
    assert.equal(Math.round(barBox.width), PHONE.width);
    const labels = await bar.locator('a, button').allInnerTexts();
    const words = lang === 'ar' ? ['الرئيسية', 'بحث', 'الإشعارات', 'الملف', 'المزيد'] : ['Home', 'Search', 'Notifications', 'Profile', 'More'];
    words.forEach((w, i) => assert.ok(labels[i]?.includes(w), `item ${i} reads ${w}: ${labels.join(' | ')}`));
    // The unread notifications are counted on the bar, in the reader's numerals.
    const badge = bar.locator('a[href="/notifications"] .unread-badge');
    await badge.waitFor();
    assert.match((await bar.locator('a[href="/notifications"]').textContent()) ?? '', lang === 'ar' ? /2/ : /2 unread/);
    // Mirrored: Home is at the start of the line — the right in Arabic, the left in English.
    const home = await box(page, 'nav.bottom-nav a[href="/"]');
    const more = await box(page, 'nav.bottom-nav .bottom-more');
    assert.ok(lang === 'ar' ? home.x > more.x : home.x < more.x, `home at ${home.x}, more at ${more.x}`);
    // The compose button floats at the end of the line, above the bar.
    const fab = await box(page, 'button.compose-fab');
    assert.ok(fab.y + fab.height <= barBox.y, 'above the bar');
    assert.ok(lang === 'ar' ? fab.x < PHONE.width / 2 : fab.x > PHONE.width / 2, `at the end of the line (x ${fab.x})`);
    assert.equal(await page.locator('button.compose-fab').getAttribute('aria-label'), lang === 'ar' ? 'منشور جديد' : 'New post');
    // Safe areas: the bar's padding reads the device's inset (0 in a desktop browser).
    const usesInset = await page.evaluate(() =>
      [...document.styleSheets].some((s) => [...s.cssRules].some((r) => r.cssText.includes('.bottom-nav') && r.cssText.includes('safe-area-inset-bottom'))),
    );
    assert.ok(usesInset, 'the bar pads itself by safe-area-inset-bottom');
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, `${lang}-mobile-home-390.png`) });

    // Scrolled to the end, the last post is above the bar and the compose button, not under them.
    await waitFor(
      async () => {
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        return (await page.locator('p.end').isVisible()) && (await page.evaluate(() => Math.ceil(window.scrollY + innerHeight) >= document.documentElement.scrollHeight));
      },
      { timeout: 20_000, interval: 200, what: 'the end of the timeline, scrolled to the bottom' },
    );
    const last = await page.locator('article.status').last().boundingBox();
    assert.ok(last && last.y + last.height <= fab.y, `the last post ends at ${last && last.y + last.height}, the compose button starts at ${fab.y}`);

    // Wide again: the sidebar is back and the bar gone.
    await page.setViewportSize({ width: 1100, height: 900 });
    assert.equal(await page.locator('#main-nav').isVisible(), true);
    assert.equal(await bar.isVisible(), false);
    assert.equal(await page.locator('button.compose-fab').isVisible(), false);
    await page.context().close();
  });
}

test('the compose button opens the home composer from any page, with the caret in it', async () => {
  const page = await phone('ar');
  await page.goto(`${front.origin}/explore`);
  await page.locator('button.compose-fab').click();
  await page.waitForURL(`${front.origin}/`);
  await waitFor(() => page.evaluate(() => document.activeElement?.matches('#main > form.composer textarea') ?? false), { what: 'the composer to have the focus' });
  await page.keyboard.type('من الهاتف');
  assert.equal(await page.locator('#main > form.composer textarea').inputValue(), 'من الهاتف');
  await page.context().close();
});

for (const lang of ['ar', 'en'] as const) {
  test(`${lang}: "More" opens the full navigation; sign-out asks first, Escape cancels and the focus comes back`, async () => {
    const page = await phone(lang);
    await page.goto(`${front.origin}/`);
    const more = page.locator('nav.bottom-nav .bottom-more');
    await more.click();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    const nav = page.locator('#main-nav');
    await nav.waitFor();
    assert.ok(await nav.locator('a[href="/settings"]').isVisible(), 'settings are reachable');
    assert.ok(await nav.evaluate((n) => n.contains(document.activeElement)), 'the focus is in the sheet');
    await page.keyboard.press('Escape');
    await waitFor(async () => !(await nav.isVisible()), { what: 'the sheet to close' });
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    assert.ok(await more.evaluate((b) => b === document.activeElement), 'the focus is back on More');

    await more.click();
    const signOut = nav.locator('.link-button');
    await signOut.click();
    const dialog = page.locator('dialog.confirm-sign-out[open]');
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', lang === 'ar' ? /أتريد تسجيل الخروج/ : /Sign out\?/);
    assert.equal(await dialog.evaluate((d) => getComputedStyle(d).direction), lang === 'ar' ? 'rtl' : 'ltr');
    await page.screenshot({ path: path.join(artifacts, `${lang}-mobile-sign-out-390.png`) });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.ok(await signOut.evaluate((b) => b === document.activeElement), 'Escape gives the focus back to Sign out');
    assert.ok(await page.evaluate(() => localStorage.getItem('sirb.session') !== null), 'still signed in');

    await signOut.click();
    await dialog.locator('button.sign-out-anyway').click();
    await page.waitForSelector('form.signup');
    assert.equal(await page.evaluate(() => localStorage.getItem('sirb.session')), null);
    await page.context().close();
  });
}

test('the mobile home passes axe-core in both languages and themes (bar, badge, compose button, open sheet)', async () => {
  for (const lang of ['ar', 'en'] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await phone(lang, scheme);
      await page.goto(`${front.origin}/`);
      await page.locator('article.status').first().waitFor();
      await page.locator('nav.bottom-nav .unread-badge').waitFor();
      await page.locator('nav.bottom-nav .bottom-more').click();
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
        return (await axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
      });
      assert.deepEqual(violations, [], `${lang}/${scheme}: ${violations.join('\n')}`);
      await page.context().close();
    }
  }
});

/** Holds the answers to `pattern` until `release()`, so the loading state can be looked at. */
async function holdApi(page: Page, pattern: RegExp): Promise<() => void> {
  const held: Route[] = [];
  let open = false;
  await page.route(pattern, (route) => (open ? route.continue().catch(() => {}) : void held.push(route)));
  return () => {
    open = true;
    for (const r of held.splice(0)) r.continue().catch(() => {});
  };
}

async function assertSkeleton(page: Page, where: string): Promise<void> {
  const skeleton = page.locator('#main .skeletons');
  await skeleton.waitFor({ timeout: 10_000 });
  assert.equal(await skeleton.getAttribute('aria-busy'), 'true', `${where}: busy`);
  assert.ok((await skeleton.locator('.skeleton-post').count()) >= 2, `${where}: post-shaped placeholders`);
  const said = await skeleton.locator('.visually-hidden').textContent();
  assert.ok(said === 'جارٍ التحميل…' || said === 'Loading…', `${where}: screen readers hear "${said}"`);
  assert.equal(await page.locator('#main p.muted', { hasText: /Loading|جارٍ التحميل/ }).count(), 0, `${where}: no bare "Loading…" line`);
}

// What the thread, profile and notifications pages wait for (notifications are grouped: API v2).
const PAGE_DATA = /\/api\/v[12]\/(statuses\/\d+(\/context)?$|accounts\/lookup|accounts\/\d+\/statuses|notifications)(\?|$)/;

test('skeletons on home, a thread, a profile and notifications while they load; still, for reduced motion', async () => {
  const page = await phone('en');
  // Home loads in the page only when the server did not render it in (src/web-ssr.ts): a browser
  // without the web session cookie, as on a first visit.
  await page.context().clearCookies();
  const release = await holdApi(page, /\/api\/v1\/(timelines\/home|statuses\/\d+(\/context)?$|accounts\/lookup|accounts\/\d+\/statuses|notifications)(\?|$)/);
  await page.goto(`${front.origin}/`);
  await assertSkeleton(page, 'home');
  assert.equal(await page.locator('section.timeline').getAttribute('aria-busy'), 'true');
  assert.equal(await page.locator('.skeleton-line').first().evaluate((el) => getComputedStyle(el).animationName), 'skeleton-shimmer');
  await page.screenshot({ path: path.join(artifacts, 'en-mobile-skeleton-390.png') });
  release();
  await page.locator('article.status').first().waitFor();
  assert.equal(await page.locator('.skeletons').count(), 0, 'gone once the posts are there');
  assert.equal(await page.locator('section.timeline').getAttribute('aria-busy'), 'false');

  for (const [where, url] of [
    ['thread', `/@${writer.username}/${firstPost.id}`],
    ['profile', `/@${writer.username}`],
    ['notifications', '/notifications'],
  ] as const) {
    const hold = await holdApi(page, PAGE_DATA);
    await page.goto(`${front.origin}${url}`);
    await assertSkeleton(page, where);
    hold();
    await page.unroute(PAGE_DATA);
  }

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.context().clearCookies(); // the app set the web session cookie meanwhile
  const again = await holdApi(page, /\/api\/v1\/timelines\/home/);
  await page.goto(`${front.origin}/`);
  await assertSkeleton(page, 'home, reduced motion');
  assert.equal(await page.locator('.skeleton-line').first().evaluate((el) => getComputedStyle(el).animationName), 'none');
  again();
  await page.context().close();
});
