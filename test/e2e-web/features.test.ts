// The rest of the web app's features, each against a real server: images with alt text,
// settings with an avatar, infinite scroll, "N new posts" when scrolled down, live hashtag and
// notification pages, deleting a post, a 5xx outage, and keyboard/screen-reader basics.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';
import { Sirb, signedInContext, closeWebRig, startWebRig, type WebRig } from './harness.js';
import { watchStreams } from './streams.js';

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let reader: TestUser;
let writer: TestUser;
let context: BrowserContext;
let page: Page;
let streams: Awaited<ReturnType<typeof watchStreams>>;

before(async () => {
  ({ sirb, front, browser } = await startWebRig());
  const api = new Api(sirb.url);
  reader = await createUser(api);
  writer = await createUser(api);
  await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
  for (let i = 1; i <= 45; i++) await createPost(writer, `منشور رقم ${i} post number ${i}`);
  context = await signedInContext(browser, reader, 'ar');
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== front.origin && url.origin !== sirb.url) foreign.push(r.url());
  });
  page = await context.newPage();
  streams = await watchStreams(page);
});

const foreign: string[] = [];

after(() => closeWebRig({ sirb, front, browser }));

test('older posts load as the reader scrolls (Link header / max_id)', async () => {
  await page.goto(`${front.origin}/`);
  await page.locator('article.status').first().waitFor();
  assert.equal(await page.locator('article.status').count(), 20);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForFunction(() => document.querySelectorAll('article.status').length >= 40, null, { polling: 100 });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForFunction(() => document.querySelectorAll('article.status').length === 45, null, { polling: 100 });
  await page.locator('.end').waitFor();
});

test('a new post while scrolled down waits behind an "N new posts" button', async () => {
  await page.evaluate(() => window.scrollTo(0, 3000));
  await page.waitForSelector('section.timeline[data-live=stream]');
  await createPost(writer, 'Fresh news while you scroll');
  const button = page.locator('button.new-posts');
  await button.waitFor({ timeout: 8000 });
  assert.equal(await button.textContent(), 'منشور جديد');
  assert.equal(await page.locator('article.status', { hasText: 'Fresh news' }).count(), 0);
  await button.click();
  const fresh = page.locator('article.status', { hasText: 'Fresh news' }).first();
  await fresh.waitFor();
  assert.ok((await page.evaluate(() => window.scrollY)) < 200);

  // Deleted by its author: gone from the reader's screen too, without a reload.
  const id = await fresh.getAttribute('data-status-id');
  await writer.api.delete(`/api/v1/statuses/${id}`);
  await fresh.waitFor({ state: 'detached', timeout: 8000 });
});

test('the composer counts like the server, highlights hashtags and mentions, and follows the text direction', async () => {
  await page.goto(`${front.origin}/`);
  const box = page.locator('form.composer textarea');
  await box.fill(`Hello @${writer.username} مرحبا #سرب`);
  await page.locator('.compose-mirror mark.mention').waitFor();
  assert.equal(await page.locator('.compose-mirror mark.hashtag').textContent(), '#سرب');
  assert.equal(await box.evaluate((el) => getComputedStyle(el).direction), 'ltr');
  await box.fill('مرحبا Hello');
  assert.equal(await box.evaluate((el) => getComputedStyle(el).direction), 'rtl');
  await box.fill('ع'.repeat(280));
  assert.equal(await page.locator('.counter').getAttribute('data-remaining'), '0');
  assert.equal(await page.locator('form.composer button[type=submit]').isDisabled(), false);
  await box.fill('ع'.repeat(281));
  assert.equal(await page.locator('.counter').getAttribute('data-remaining'), '-1');
  assert.equal(await page.locator('form.composer button[type=submit]').isDisabled(), true);
  await box.fill('');
});

test('an image with alt text is uploaded, previewed and posted', async () => {
  await page.goto(`${front.origin}/`);
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } }).png().toBuffer();
  await page.locator('form.composer input[type=file]').first().setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: png });
  await page.locator('.attachment img').waitFor();
  await page.waitForFunction(() => !document.querySelector('.attachment .uploading'), null, { timeout: 10_000, polling: 100 });
  await page.fill('.attachment input[type=text]', 'مربع أحمر صغير');
  await page.fill('form.composer textarea', 'صورة اليوم #ألوان');
  await page.click('form.composer button[type=submit]');
  const card = page.locator('article.status', { hasText: 'صورة اليوم' }).first();
  await card.waitFor();
  assert.equal(await card.locator('.media-grid img').getAttribute('alt'), 'مربع أحمر صغير');
  const mine = await reader.api.get(`/api/v1/accounts/${reader.id}/statuses`);
  assert.equal(mine.body[0].media_attachments[0].description, 'مربع أحمر صغير');
});

test('bookmarking a post puts it on the bookmarks page', async () => {
  await page.goto(`${front.origin}/`);
  const card = page.locator('article.status', { hasText: 'منشور رقم 45 ' }).first();
  await card.locator('button.bookmark').click();
  await card.locator('button.bookmark[aria-pressed=true]').waitFor();
  await page.click('nav a[href="/bookmarks"]');
  await page.locator('article.status', { hasText: 'منشور رقم 45 ' }).waitFor();
  assert.equal(await page.locator('article.status').count(), 1);
});

test('deleting one’s own post removes it', async () => {
  await page.goto(`${front.origin}/`);
  const card = page.locator('article.status', { hasText: 'صورة اليوم' }).first();
  page.once('dialog', (d) => void d.accept());
  await card.locator('button.delete').click();
  await card.waitFor({ state: 'detached' });
  const mine = await reader.api.get(`/api/v1/accounts/${reader.id}/statuses`);
  assert.equal(mine.body.length, 0);
});

test('settings: display name, bio, posting language and avatar', async () => {
  await page.goto(`${front.origin}/settings`);
  await page.waitForSelector('form.settings button[type=submit]:not([disabled])');
  await page.fill('input[name=display_name]', 'قارئ نهم');
  await page.fill('textarea[name=note]', 'أحب الكتب — I love books');
  await page.selectOption('select[name=language]', 'ar');
  const avatar = await sharp({ create: { width: 120, height: 120, channels: 3, background: '#2a6' } }).png().toBuffer();
  await page.locator('form.settings input[type=file]').first().setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: avatar });
  await page.click('form.settings button[type=submit]');
  await page.locator('form.settings [role=status]').waitFor();
  const me = await reader.api.get('/api/v1/accounts/verify_credentials');
  assert.equal(me.body.display_name, 'قارئ نهم');
  assert.equal(me.body.source.note, 'أحب الكتب — I love books');
  assert.doesNotMatch(me.body.avatar, /avatar-missing/);
});

test('hashtag page updates live', async () => {
  const socketsBefore = streams.count;
  await page.goto(`${front.origin}/tags/${encodeURIComponent('قهوة')}`);
  await page.waitForSelector('section.timeline[data-live]');
  await (await streams.opened(socketsBefore + 1)).settle((m) => m.type === 'subscribe' && m.stream === 'hashtag');
  await createPost(writer, 'فنجان #قهوة قبل العمل');
  await page.locator('article.status', { hasText: 'فنجان' }).waitFor({ timeout: 8000 });

  // Hashtags and mentions inside a post are routed in the app, without a page load.
  await page.goto(`${front.origin}/`);
  await page.evaluate(() => ((window as any).__samePage = true));
  await page.locator('article.status', { hasText: 'فنجان' }).locator('.status-content a', { hasText: 'قهوة' }).click();
  await page.waitForURL(/\/tags\//);
  await page.locator('article.status', { hasText: 'فنجان' }).waitFor();
  assert.equal(await page.evaluate(() => (window as any).__samePage), true);
  assert.match(decodeURIComponent(new URL(page.url()).pathname), /^\/tags\/قهو/);
});

test('notifications: an unread badge in the navigation, then live on the page', async () => {
  await page.goto(`${front.origin}/`);
  await page.waitForSelector('section.timeline[data-live=stream]');
  await createPost(writer, `@${reader.username} صباح الخير`);
  const badge = page.locator('nav a[href="/notifications"] .unread-badge:visible');
  await badge.waitFor({ timeout: 8000 });
  assert.equal(await badge.textContent(), '1');
  await page.click('nav a[href="/notifications"]');
  await badge.waitFor({ state: 'detached' });
  const socketsBefore = streams.count;
  await page.goto(`${front.origin}/notifications`);
  await page.waitForSelector('h1.page-title');
  await (await streams.opened(socketsBefore + 1)).settle();
  await createPost(writer, `@${reader.username} هل قرأت الكتاب؟`);
  await page.locator('li.notification.mention', { hasText: 'هل قرأت' }).waitFor({ timeout: 8000 });
});

test('a 5xx answer shows the outage notice with the cached status page link, and it clears', async () => {
  await page.goto(`${front.origin}/`);
  await page.locator('article.status').first().waitFor();
  await page.route('**/api/**', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable"}' }));
  await page.locator('article.status .like').first().click();
  const notice = page.locator('.outage[role=alert]');
  await notice.waitFor();
  assert.equal(await notice.locator('a.status-link').getAttribute('href'), 'https://status.example.test');
  await page.unroute('**/api/**');
  await notice.waitFor({ state: 'detached', timeout: 8000 });
});

test('keyboard and screen-reader basics: skip link first, landmarks, every button named', async () => {
  await page.goto(`${front.origin}/`);
  await page.locator('article.status').first().waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
  assert.equal(await page.locator('header[role=banner]').count(), 1);
  assert.equal(await page.locator('nav[aria-label]:visible').count(), 1);
  assert.equal(await page.locator('main#main').count(), 1);
  assert.equal(await page.locator('h1').count(), 1);
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('button, a[href], input, textarea, select')].filter((el) => {
      const e = el as HTMLElement;
      if ((e as HTMLInputElement).type === 'hidden' || e.closest('.visually-hidden') === e) return false;
      const label = e.getAttribute('aria-label') || e.textContent?.trim() || (e.id && document.querySelector(`label[for="${e.id}"]`)?.textContent) || e.closest('label')?.textContent?.trim();
      return !label;
    }).map((e) => e.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unnamed, []);
  // Posts are articles named by their author line; the feed is a labelled region.
  assert.ok(await page.locator('article.status[aria-labelledby]').count() > 0);
  assert.equal(await page.locator('section.timeline[aria-label]').count(), 1);
});

test('everything comes from the Sirb server itself: fonts are self-hosted, no CDN', async () => {
  await page.goto(`${front.origin}/`);
  await page.locator('article.status').first().waitFor();
  await page.evaluate(() => document.fonts.ready);
  const families = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family));
  assert.ok(families.some((f) => f.includes('IBM Plex Sans Arabic')), `loaded fonts: ${families.join(', ')}`);
  assert.deepEqual(foreign, []);
});
