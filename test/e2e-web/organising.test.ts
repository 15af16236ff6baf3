// Lists, followed hashtags and pinned posts in the web app, against a real server: a list made
// in Arabic gets a followed account and shows their posts (live from the list stream); a hashtag
// is followed, listed in Settings and unfollowed in English; a pinned post leads the profile with
// its label, and the sixth pin's refusal is said in Arabic. Screenshots to test-artifacts/web/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';
import { Sirb, artifacts, signedInContext, closeWebRig, startWebRig, type WebRig } from './harness.js';
import { watchStreams } from './streams.js';

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let reader: TestUser;
let writer: TestUser;
const pages: Partial<Record<'ar' | 'en', { context: BrowserContext; page: Page; streams: Awaited<ReturnType<typeof watchStreams>> }>> = {};

async function open(lang: 'en' | 'ar'): Promise<Page> {
  if (!pages[lang]) {
    const context = await signedInContext(browser, reader, lang);
    const page = await context.newPage();
    pages[lang] = { context, page, streams: await watchStreams(page) };
  }
  return pages[lang]!.page;
}

async function shot(page: Page, name: string, lang: string): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.waitForFunction(() => [...document.images].every((i) => i.complete) && document.fonts.status === 'loaded', null, { timeout: 3000, polling: 100 }).catch(() => {});
  await page.screenshot({ path: path.join(artifacts, `organising-${name}-${lang}.png`) });
}

function card(scope: Page | Locator, text: string): Locator {
  return scope.locator('article.status', { hasText: text }).first();
}

before(async () => {
  ({ sirb, front, browser } = await startWebRig());
  const api = new Api(sirb.url);
  reader = await createUser(api);
  writer = await createUser(api);
  await writer.api.patch('/api/v1/accounts/update_credentials', { display_name: 'ليلى' });
  await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
  await createPost(writer, 'قهوة الصباح مع الأصدقاء');
});

after(() => closeWebRig({ sirb, front, browser }));

test('a list made in Arabic gets a followed account and shows their posts, live', async () => {
  const page = await open('ar');
  await page.goto(`${front.origin}/`);
  await page.click('nav a[href="/lists"]');
  await page.locator('h1', { hasText: 'القوائم' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  await page.fill('form.new-list input[name=title]', 'الأصدقاء');
  await page.selectOption('form.new-list select[name=replies_policy]', 'followed');
  await page.click('form.new-list button[type=submit]');
  const row = page.locator('.list-row', { hasText: 'الأصدقاء' });
  await row.waitFor();
  await page.locator('.safety-toast', { hasText: 'أُنشئت القائمة' }).waitFor();
  const saved = await reader.api.get('/api/v1/lists');
  assert.equal(saved.body.length, 1);
  assert.equal(saved.body[0].title, 'الأصدقاء');
  assert.equal(saved.body[0].replies_policy, 'followed');
  assert.equal(saved.body[0].exclusive, false);
  await shot(page, 'lists', 'ar');

  await row.locator('a.list-title').click();
  await page.locator('h1', { hasText: 'الأصدقاء' }).waitFor();
  await page.locator('section.timeline p.muted', { hasText: 'لا منشورات' }).waitFor();
  await page.click('.list-manage summary');
  await page.fill('.list-members input[type=search]', writer.username);
  const add = page.locator('.member-search-results button.add-member');
  await add.waitFor();
  assert.equal(await add.textContent(), 'أضف');
  await add.click();
  await page.locator('.list-members ul.members .account-row', { hasText: 'ليلى' }).waitFor();
  await card(page, 'قهوة الصباح').waitFor();
  const members = await reader.api.get(`/api/v1/lists/${saved.body[0].id}/accounts`);
  assert.deepEqual(members.body.map((a: { id: string }) => a.id), [writer.id]);

  // A new post by a member arrives without a reload (the list stream).
  await page.waitForSelector('section.timeline[data-live=stream]');
  const streams = pages.ar!.streams;
  await (await streams.opened(streams.count)).settle((m) => m.type === 'subscribe' && m.stream === 'list');
  await createPost(writer, 'خبر جديد للقائمة');
  await card(page, 'خبر جديد للقائمة').waitFor({ timeout: 8000 });
  await shot(page, 'list-timeline', 'ar');

  // From the profile: the list is ticked; unticking takes the account out.
  await page.goto(`${front.origin}/@${writer.username}`);
  await page.click('button.manage-lists');
  const box = page.locator('dialog.lists-dialog input[type=checkbox]');
  await box.waitFor();
  await page.waitForFunction(() => (document.querySelector('dialog.lists-dialog input[type=checkbox]') as HTMLInputElement | null)?.checked === true, null, { polling: 100 });
  await shot(page, 'profile-lists', 'ar');
  await box.uncheck();
  await page.locator('.safety-toast', { hasText: 'أُزيل' }).waitFor();
  assert.equal((await reader.api.get(`/api/v1/accounts/${writer.id}/lists`)).body.length, 0);
  await page.click('dialog.lists-dialog button.primary');

  // Rename and delete from the Lists page.
  await page.goto(`${front.origin}/lists`);
  await page.click('.list-row button.rename-list');
  await page.fill('.list-row form.edit-list input[name=title]', 'العائلة');
  await page.click('.list-row form.edit-list button[type=submit]');
  await page.locator('.list-row a.list-title', { hasText: 'العائلة' }).waitFor();
  page.once('dialog', (d) => void d.accept());
  await page.click('.list-row button.delete-list');
  await page.locator('.list-row').waitFor({ state: 'detached' });
  assert.equal((await reader.api.get('/api/v1/lists')).body.length, 0);
});

test('a hashtag is followed from its page, listed in Settings and unfollowed (English)', async () => {
  const page = await open('en');
  await page.goto(`${front.origin}/tags/coffee`);
  const follow = page.locator('button.follow-tag');
  await follow.waitFor();
  assert.equal(await follow.textContent(), 'Follow hashtag');
  await follow.click();
  await page.locator('button.follow-tag[aria-pressed=true]', { hasText: 'Unfollow hashtag' }).waitFor();
  assert.deepEqual((await reader.api.get('/api/v1/followed_tags')).body.map((t: { name: string }) => t.name), ['coffee']);
  await shot(page, 'tag-followed', 'en');

  await page.goto(`${front.origin}/settings`);
  await page.click('.settings-nav a[href="/settings/followed_tags"]');
  const row = page.locator('.followed-tags .tag-row', { hasText: '#coffee' });
  await row.waitFor();
  await shot(page, 'followed-tags', 'en');
  await row.locator('button.unfollow-tag').click();
  await row.waitFor({ state: 'detached' });
  await page.locator('p.muted', { hasText: 'You follow no hashtags' }).waitFor();
  assert.equal((await reader.api.get('/api/v1/followed_tags')).body.length, 0);

  await page.goto(`${front.origin}/tags/coffee`);
  await page.locator('button.follow-tag[aria-pressed=false]', { hasText: 'Follow hashtag' }).waitFor();
});

test('a pinned post leads the profile with its label; the limit is said in Arabic', async () => {
  const first = await createPost(reader, 'أول منشوراتي');
  await createPost(reader, 'آخر منشوراتي');
  const page = await open('ar');
  await page.goto(`${front.origin}/@${reader.username}`);
  const timeline = page.locator('section.timeline:not(.pinned-posts)');
  await card(timeline, 'آخر منشوراتي').waitFor();
  assert.match((await page.locator('article.status').first().textContent()) ?? '', /آخر منشوراتي/);

  await card(timeline, 'أول منشوراتي').locator('.post-menu .menu-toggle').click();
  await page.locator('.post-menu [role=menu] [data-action=pin]', { hasText: 'ثبّت في الملف الشخصي' }).click();
  await page.locator('.safety-toast', { hasText: 'ثُبّت المنشور' }).waitFor();
  const pinned = page.locator('section.pinned-posts article.status');
  await pinned.first().waitFor();
  assert.equal(await pinned.count(), 1);
  assert.match((await page.locator('article.status').first().textContent()) ?? '', /أول منشوراتي/, 'the pinned post comes first');
  assert.match((await pinned.first().locator('.pinned-note').textContent()) ?? '', /^\s*مثبّت$/);
  const api = await reader.api.get(`/api/v1/accounts/${reader.id}/statuses?pinned=true`);
  assert.deepEqual(api.body.map((s: { id: string }) => s.id), [first.id]);
  await shot(page, 'pinned', 'ar');

  // Four more pins reach the limit of five: the sixth is refused, and the reader is told why.
  for (let i = 0; i < 4; i++) {
    const post = await createPost(reader, `منشور مثبت ${i}`);
    assert.equal((await reader.api.post(`/api/v1/statuses/${post.id}/pin`)).status, 200);
  }
  await page.reload();
  await card(timeline, 'آخر منشوراتي').locator('.post-menu .menu-toggle').click();
  await page.locator('.post-menu [role=menu] [data-action=pin]').click();
  await page.locator('.safety-toast', { hasText: 'ثبّتّ الحد الأقصى من المنشورات' }).waitFor();
  assert.equal(await page.locator('section.pinned-posts article.status').count(), 5);

  // Unpinning from the menu takes it out of the pinned posts.
  await card(page.locator('section.pinned-posts'), 'أول منشوراتي').locator('.post-menu .menu-toggle').click();
  await page.locator('.post-menu [role=menu] [data-action=unpin]', { hasText: 'ألغِ التثبيت' }).click();
  await page.waitForFunction(() => document.querySelectorAll('section.pinned-posts article.status').length === 4, null, { polling: 100 });
});
