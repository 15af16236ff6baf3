// Keyword filters in the web app: a post matching the reader's `warn` filter is folded behind
// the filter's title with the content warning's "Show more" button, in Arabic (RTL) and
// English; a `hide` filter's post never shows; a filter of another context does nothing here;
// another reader sees the post plainly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';
import { Sirb, artifacts, signedInContext, closeWebRig, startWebRig, type WebRig } from './harness.js';

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let reader: TestUser;
let other: TestUser;

before(async () => {
  ({ sirb, front, browser } = await startWebRig());
  const api = new Api(sirb.url);
  reader = await createUser(api);
  other = await createUser(api);
  const writer = await createUser(api);
  for (const who of [reader, other]) await who.api.post(`/api/v1/accounts/${writer.id}/follow`);
  const filter = (title: string, action: string, keyword: string, context = ['home']) =>
    reader.api.post('/api/v2/filters', { title, context, filter_action: action, keywords_attributes: [{ keyword, whole_word: false }] });
  assert.equal((await filter('نتائج المباريات', 'warn', 'مباراه')).status, 200);
  assert.equal((await filter('سياسة', 'hide', 'انتخابات')).status, 200);
  // Listed in the post's `filtered` everywhere, applied only on public timelines.
  assert.equal((await filter('تحيات', 'warn', 'صباح', ['public'])).status, 200);
  await createPost(writer, 'انتهت المباراة بفوز الفريق الأحمر');
  await createPost(writer, 'نتائج الانتخابات غدا');
  await createPost(writer, 'صباح الخير يا سرب');
});

after(() => closeWebRig({ sirb, front, browser }));

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.waitForFunction(() => document.fonts.status === 'loaded', null, { timeout: 3000, polling: 100 }).catch(() => {});
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

for (const [locale, label, more] of [['ar', 'يطابق عامل التصفية: نتائج المباريات', 'اعرض المزيد'], ['en', 'Filtered: نتائج المباريات', 'Show more']] as const) {
  test(`a warned post is folded behind its filter's title; a hidden one never shows (${locale})`, async () => {
    const context = await signedInContext(browser, reader, locale);
    const page = await context.newPage();
    await page.goto(`${front.origin}/`);
    await page.locator('article.status', { hasText: 'صباح الخير يا سرب' }).waitFor();
    const warned = page.locator('article.status', { has: page.locator('.filter-warning') }).first();
    assert.equal((await warned.locator('.filter-warning .spoiler-text').textContent())?.trim(), label);
    assert.equal(await warned.locator('.status-content').isVisible(), false);
    const toggle = warned.locator('button.spoiler-toggle');
    assert.equal(await toggle.textContent(), more);
    assert.equal(await page.locator('article.status', { hasText: 'الانتخابات' }).count(), 0);
    assert.equal(await page.locator('.filter-warning').count(), 1, 'the public-only filter does not fold a post on home');
    await shot(page, `${locale}-keyword-filter`);
    await toggle.click();
    assert.match((await warned.locator('.status-content').textContent()) ?? '', /انتهت المباراة/);
    await context.close();
  });
}

test('another reader, without filters, sees every post plainly', async () => {
  const context = await signedInContext(browser, other, 'ar');
  const page = await context.newPage();
  await page.goto(`${front.origin}/`);
  await page.locator('article.status', { hasText: 'الانتخابات' }).waitFor();
  assert.equal(await page.locator('.filter-warning').count(), 0);
  assert.ok(await page.locator('article.status', { hasText: 'انتهت المباراة' }).locator('.status-content').isVisible());
  await context.close();
});

test('keyword filters are reached from Settings, added in its editor (Arabic) and deleted (English)', async () => {
  const ar = await signedInContext(browser, other, 'ar');
  let page = await ar.newPage();
  await page.goto(`${front.origin}/settings`);
  // One place for keyword filters: the settings nav leads to their page.
  await page.locator('nav.settings-nav a[href="/settings/filters"]').click();
  await page.click('a.new-filter');
  const form = page.locator('form.filter-editor');
  await form.waitFor();
  await form.locator('input[name=title]').fill('المباراة');
  await form.locator('input[name=keyword]').first().fill('المباراة');
  await form.locator('button.add-keyword').click();
  await form.locator('input[name=keyword]').nth(1).fill('الانتخابات');
  await form.locator('input[name=context][value=public]').uncheck();
  await form.locator('input[name=filter_action][value=hide]').check();
  await form.locator('select[name=expires_in]').selectOption('86400');
  await form.locator('button.save-filter').click();
  const item = page.locator('.filter-item', { hasText: 'المباراة' });
  await item.waitFor();
  assert.deepEqual(await item.locator('.keyword').allTextContents(), ['المباراة', 'الانتخابات']);
  const [filter] = (await other.api.get('/api/v2/filters')).body;
  assert.deepEqual([filter.title, filter.filter_action, filter.context], ['المباراة', 'hide', ['home', 'notifications', 'thread', 'account']]);
  assert.deepEqual(filter.keywords.map((k: any) => [k.keyword, k.whole_word]), [['المباراة', true], ['الانتخابات', true]]);
  assert.ok(filter.expires_at);
  await shot(page, 'ar-filter-settings');
  // The home timeline now leaves the match out.
  await page.goto(`${front.origin}/`);
  await page.locator('article.status', { hasText: 'صباح الخير يا سرب' }).waitFor();
  assert.equal(await page.locator('article.status', { hasText: 'انتهت المباراة' }).count(), 0);
  await ar.close();

  const en = await signedInContext(browser, other, 'en');
  page = await en.newPage();
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(`${front.origin}/settings/filters`);
  const listed = page.locator('.filter-item');
  await listed.waitFor();
  assert.match((await listed.locator('p.muted').textContent()) ?? '', /Home timeline, Notifications, Conversations, Profiles · Hide it completely · Expires/);
  await shot(page, 'en-filter-settings');
  await listed.locator('button.delete-filter').click();
  await page.locator('.filter-item').waitFor({ state: 'detached' });
  assert.deepEqual((await other.api.get('/api/v2/filters')).body, []);
  await en.close();
});
