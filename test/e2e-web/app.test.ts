// Issue 3 acceptance, in a real browser against a real server: sign-up and OAuth sign-in in two
// browser contexts, follow, an Arabic post with a hashtag arriving live, reply, like, repost,
// search without diacritics, the language switch flipping the layout, and an outage during
// which a draft is kept and then posted exactly once. Screenshots go to test-artifacts/web/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api, createUser, type TestUser } from '../helpers/client.js';
import { waitFor } from '../helpers/wait.js';
import { Sirb, appOrigin, artifacts, ensureWebBuilt, launchBrowser } from './harness.js';

let sirb: Sirb;
let front: Awaited<ReturnType<typeof appOrigin>>;
let browser: Browser;
let alice: { context: BrowserContext; page: Page };
let bader: { context: BrowserContext; page: Page; user: TestUser };
const suffix = Date.now().toString(36).slice(-5);
const aliceName = `alice_${suffix}`;

async function shot(page: Page, name: string) {
  fs.mkdirSync(artifacts, { recursive: true });
  // Avatars and fonts first, so the picture shows the page as a reader sees it.
  await page.waitForFunction(() => [...document.images].every((i) => i.complete) && document.fonts.status === 'loaded', null, { timeout: 3000, polling: 100 }).catch(() => {});
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: false });
}

before(async () => {
  ensureWebBuilt();
  sirb = new Sirb();
  await sirb.start();
  front = await appOrigin(sirb);
  browser = await launchBrowser();
  const baderUser = await createUser(new Api(sirb.url), `bader_${suffix}`);
  await baderUser.api.patch('/api/v1/accounts/update_credentials', { display_name: 'بدر', note: 'أكتب عن الطيور والسفر' });
  const aliceContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 900 } });
  const baderContext = await browser.newContext({ locale: 'ar', viewport: { width: 1100, height: 900 } });
  alice = { context: aliceContext, page: await aliceContext.newPage() };
  bader = { context: baderContext, page: await baderContext.newPage(), user: baderUser };
});

after(async () => {
  await browser?.close();
  await front?.close();
  await sirb?.dispose();
});

test('the Sirb server itself serves the app: deep links get index.html, bundles are served as files', async () => {
  assert.equal(front.viaFront, false, 'the server does not serve web/dist yet (the tests fell back to a front server)');
  const deep = await fetch(`${sirb.url}/@someone/123`);
  assert.equal(deep.status, 200);
  const html = await deep.text();
  const script = /src="(\/app-assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script, 'index.html names its script under /app-assets/');
  const js = await fetch(`${sirb.url}${script}`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /javascript/);
  assert.ok((await js.text()).length > 0);
  const api404 = await fetch(`${sirb.url}/api/v1/nothing-here`);
  assert.equal(api404.status, 404);
  assert.match(api404.headers.get('content-type') ?? '', /json/);
  assert.equal(typeof (await api404.json()).error, 'string');
});

test('a visitor signs up in the browser and lands on the home timeline (English UI from the browser language)', async () => {
  const { page } = alice;
  await page.goto(`${front.origin}/`);
  assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.fill('input[name=username]', aliceName);
  await page.fill('input[name=email]', `${aliceName}@example.test`);
  await page.fill('input[name=password]', 'correct horse battery');
  await page.click('form.signup button[type=submit]');
  await page.waitForSelector('form.composer');
  assert.equal(await page.textContent('h1.page-title'), 'Home');
});

test('another user signs in through the OAuth authorization-code page (PKCE) in Arabic', async () => {
  const { page, user } = bader;
  await page.goto(`${front.origin}/`);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  // A registration this browser saved for a server whose data has since been reset is replaced.
  await page.evaluate((origin) => localStorage.setItem('sirb.app', JSON.stringify({ client_id: 'gone', client_secret: 'gone', redirect_uri: `${origin}/auth/callback` })), front.origin);
  await page.click('button.sign-in');
  await page.waitForURL(/\/oauth\/authorize\?/);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(url.searchParams.get('redirect_uri'), `${front.origin}/auth/callback`);
  await page.fill('#login', user.username);
  await page.fill('#password', user.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('form.composer');
  assert.equal(new URL(page.url()).pathname, '/');
});

test('follow from the profile page; an Arabic post with a hashtag appears live in the follower’s timeline', async () => {
  await alice.page.goto(`${front.origin}/@${bader.user.username}`);
  await alice.page.click('button.follow');
  await alice.page.waitForSelector('button.follow[aria-pressed=true]');
  assert.match((await alice.page.textContent('.counts')) ?? '', /1 follower(?!s)/);

  await alice.page.click('nav a[href="/"]');
  await alice.page.waitForSelector('form.composer');
  // Live through the streaming WebSocket (the app polls only when the socket is down).
  await alice.page.waitForSelector('section.timeline[data-live=stream]', { timeout: 5000 });

  const text = 'صباح الخير يا #سرب من الرياض';
  await bader.page.fill('form.composer textarea', text);
  assert.equal(await bader.page.locator('.compose-mirror mark.hashtag').textContent(), '#سرب');
  await bader.page.click('form.composer button[type=submit]');
  await bader.page.waitForSelector('.compose-message');

  // No reload: the post arrives through the stream (or the polling fallback).
  const card = alice.page.locator('article.status', { hasText: 'صباح الخير' });
  await card.waitFor({ timeout: 8000 });
  assert.equal(await card.locator('.status-content').getAttribute('dir'), 'auto');
  assert.equal(await card.locator('.status-content a.hashtag, .status-content a[href*="/tags/"]').count(), 1);
  // Its text runs right-to-left even though the interface is English.
  assert.equal(await card.locator('.status-content').evaluate((el) => getComputedStyle(el).direction), 'rtl');
  await shot(alice.page, 'en-home-live');
  await shot(bader.page, 'ar-home-posted');
});

test('reply, like and repost from the timeline', async () => {
  const { page } = alice;
  // The original post's card, not the "alice reposted" card the stream adds after the repost.
  const card = page.locator('article.status:not(:has(.reblog-note))', { hasText: 'صباح الخير' }).first();
  await card.locator('button.like').click();
  await card.locator('button.like[aria-pressed=true]').waitFor();
  await card.locator('button.repost').click();
  await card.locator('button.repost[aria-pressed=true]').waitFor();
  await card.locator('.status-actions button').first().click();
  await card.locator('form.composer textarea').fill(`@${bader.user.username} Good morning! صباح النور`);
  await card.locator('form.composer button[type=submit]').click();
  await card.locator('form.composer').waitFor({ state: 'detached' });

  const posts = await bader.user.api.get(`/api/v1/accounts/${bader.user.id}/statuses`);
  const original = posts.body.find((s: any) => s.content.includes('صباح الخير'));
  // The buttons turn on optimistically, before the server has answered: wait for the counts.
  let counts = '';
  await waitFor(
    async () => {
      const fresh = await bader.user.api.get(`/api/v1/statuses/${original.id}`);
      counts = [fresh.body.favourites_count, fresh.body.reblogs_count, fresh.body.replies_count].join(',');
      return counts === '1,1,1';
    },
    { timeout: 10_000, what: () => `favourites, reblogs, replies = 1,1,1 (last seen ${counts})` },
  );

  // The thread shows the reply, left-to-right as its text begins in English.
  await page.goto(`${front.origin}/@${bader.user.username}/${original.id}`);
  const reply = page.locator('.replies article.status', { hasText: 'Good morning' });
  await reply.waitFor();
  assert.equal(await reply.locator('.status-content').evaluate((el) => getComputedStyle(el).direction), 'ltr');
  await shot(page, 'en-thread');

  // The author is notified, live on the notifications page.
  await bader.page.click('nav a[href="/notifications"]');
  await bader.page.locator('li.notification.favourite').waitFor();
  await bader.page.locator('li.notification.mention').waitFor();
  await shot(bader.page, 'ar-notifications');
});

test('search finds Arabic posts without diacritics, and people and hashtags', async () => {
  await bader.user.api.post('/api/v1/statuses', { status: 'قَرَأْتُ كِتَاباً جَمِيلاً عن #الطيور' });
  const { page } = alice;
  await page.goto(`${front.origin}/search`);
  const box = page.locator('input[type=search]');
  assert.equal(await box.getAttribute('dir'), 'auto');
  await box.fill('كتابا جميلا');
  assert.equal(await box.evaluate((el) => getComputedStyle(el).direction), 'rtl');
  await page.keyboard.press('Enter');
  await page.locator('.results article.status', { hasText: 'كِتَاباً' }).waitFor();
  await box.fill('bader');
  await page.keyboard.press('Enter');
  await page.locator('.results .account-row', { hasText: bader.user.username }).waitFor();
  await box.fill('الطيور');
  await page.keyboard.press('Enter');
  await page.locator('.results .tag-list a', { hasText: 'الطيور' }).waitFor();
  await shot(page, 'en-search');
  await page.locator('.results .tag-list a', { hasText: 'الطيور' }).click();
  await page.locator('article.status', { hasText: 'كِتَاباً' }).waitFor();
});

test('switching the interface to Arabic flips the layout to right-to-left', async () => {
  const { page } = alice;
  await page.goto(`${front.origin}/`);
  await page.waitForSelector('form.composer');
  const navBefore = await page.locator('nav.main-nav').boundingBox();
  const mainBefore = await page.locator('main').boundingBox();
  assert.ok(navBefore!.x < mainBefore!.x, 'LTR: navigation on the left');
  await page.click('button.lang-switch');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl', null, { polling: 100 });
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.textContent('h1.page-title'), 'الرئيسية');
  const navAfter = await page.locator('nav.main-nav').boundingBox();
  const mainAfter = await page.locator('main').boundingBox();
  assert.ok(navAfter!.x > mainAfter!.x, 'RTL: navigation on the right');
  // An English post stays left-to-right inside the Arabic interface.
  const reply = page.locator('article.status', { hasText: 'Good morning' }).first();
  if (await reply.count()) assert.equal(await reply.locator('.status-content').evaluate((el) => getComputedStyle(el).direction), 'ltr');
  // The choice survives a reload.
  await page.reload();
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await shot(page, 'ar-home-switched');
  await page.click('button.lang-switch');
  await page.waitForFunction(() => document.documentElement.dir === 'ltr', null, { polling: 100 });
});

test('the API going down mid-session: plain message, status page link, draft kept and posted exactly once', async () => {
  const { page } = alice;
  await page.goto(`${front.origin}/`);
  await page.waitForSelector('form.composer');
  // The service worker keeps the app shell, so the app opens even while the server is down.
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 10_000, polling: 100 });
  await sirb.stop();

  // The reader is only reading: the dropped stream alone is enough for the app to notice.
  const banner = page.locator('.outage[role=alert]');
  await banner.waitFor({ timeout: 15_000 });

  const draft = `Written during the outage ${suffix} — كُتب أثناء الانقطاع`;
  await page.fill('form.composer textarea', draft);
  await page.click('form.composer button[type=submit]');
  assert.equal(await banner.locator('a.status-link').getAttribute('href'), 'https://status.example.test');
  await page.locator('.outbox-note .queued-post', { hasText: 'Written during the outage' }).waitFor();
  await shot(page, 'en-outage');

  // Reloading while the server is down: the shell comes from the service worker, and the
  // notice, the status link (cached) and the queued post (localStorage) are all still there.
  await page.reload();
  await page.locator('.outage[role=alert] a.status-link').waitFor({ timeout: 8000 });
  await page.locator('.outbox-note .queued-post', { hasText: 'Written during the outage' }).waitFor();

  await sirb.start();
  await page.locator('.outage').waitFor({ state: 'detached', timeout: 15_000 });
  await page.locator('.outbox-note').waitFor({ state: 'detached', timeout: 15_000 });
  await page.locator('article.status', { hasText: 'Written during the outage' }).first().waitFor({ timeout: 10_000 });
  // Retries only ever come from the outbox (web/src/state/outbox.ts), and a post leaves it once the
  // server has answered: when it is empty nothing can be sent again, so the count is final.
  // (The outbox is kept per account, under sirb.outbox.<account>@<host>, and removed when empty.)
  await page.waitForFunction(() => Object.keys(localStorage).every((k) => !k.startsWith('sirb.outbox')), null, { timeout: 15_000 });

  const me = await new Api(sirb.url).get(`/api/v1/accounts/lookup?acct=${aliceName}`);
  const statuses = await new Api(sirb.url).get(`/api/v1/accounts/${me.body.id}/statuses?limit=40`);
  const copies = statuses.body.filter((s: any) => s.content.includes(`outage ${suffix}`));
  assert.equal(copies.length, 1, 'posted exactly once');
});

test('screenshots of the main pages in Arabic and English', async () => {
  const posts = await bader.user.api.get(`/api/v1/accounts/${bader.user.id}/statuses`);
  const thread = posts.body.find((s: any) => s.content.includes('صباح الخير'));
  for (const [who, lang] of [[alice, 'en'], [bader, 'ar']] as const) {
    const { page } = who;
    await page.evaluate((l) => localStorage.setItem('sirb.lang', l), lang);
    for (const [name, route, ready] of [
      ['home', '/', 'article.status'],
      ['profile', `/@${bader.user.username}`, '.profile'],
      ['thread', `/@${bader.user.username}/${thread.id}`, '.replies article.status'],
      ['notifications', '/notifications', 'h1.page-title'],
      ['explore', '/explore', 'article.status'],
      ['search', '/search?q=%D8%B5%D8%A8%D8%A7%D8%AD', '.results'],
      ['tag', `/tags/${encodeURIComponent('سرب')}`, 'article.status'],
      ['settings', '/settings', 'form.settings'],
      ['bookmarks', '/bookmarks', 'h1.page-title'],
    ] as const) {
      await page.goto(`${front.origin}${route}`);
      await page.waitForSelector(ready);
      await shot(page, `${lang}-${name}`);
    }
  }
  await bader.page.setViewportSize({ width: 390, height: 844 });
  await bader.page.goto(`${front.origin}/`);
  await bader.page.waitForSelector('article.status');
  await shot(bader.page, 'ar-home-mobile');
  await bader.page.setViewportSize({ width: 1100, height: 900 });
  await bader.page.evaluate(() => localStorage.setItem('sirb.theme', 'dark'));
  await bader.page.goto(`${front.origin}/`);
  await bader.page.waitForSelector('article.status');
  await shot(bader.page, 'ar-home-dark');
  for (const lang of ['ar', 'en']) {
    const signedOut = await browser.newPage({ locale: lang, viewport: { width: 1100, height: 900 } });
    await signedOut.goto(`${front.origin}/`);
    await signedOut.waitForSelector('form.signup');
    await signedOut.locator('article.status').first().waitFor();
    await shot(signedOut, `${lang}-welcome`);
    await signedOut.close();
  }
});

test('sign out revokes the token', async () => {
  const { page } = bader;
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('sirb.session') ?? 'null')?.token);
  assert.ok(token);
  await page.click('nav .link-button');
  await page.click('dialog.confirm-sign-out[open] button.sign-out-anyway');
  await page.waitForSelector('form.signup');
  const res = await new Api(sirb.url, token).get('/api/v1/accounts/verify_credentials');
  assert.equal(res.status, 401);
});
