// Issue 15, the composer: @-mention and #-hashtag suggestions from the API in a keyboard-driven
// listbox (aria-activedescendant, Arabic names, handles left-to-right), the counter ring, the
// language picker that follows the text (Arabic by script) until one is chosen, and visibility:
// in Arabic and English, checked on what the server then stores.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';
import { until } from '../helpers/until.js';
import { axeViolations } from './axe-check.js';
import { artifacts, closeWebRig, signedInContext, startWebRig, type Sirb, type WebRig } from './harness.js';

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let writer: TestUser;
let layla: TestUser;
const tag = `سرب_تجربة${process.pid % 1000}`;

before(async () => {
  ({ sirb, front, browser } = await startWebRig());
  const api = new Api(sirb.url);
  writer = await createUser(api);
  layla = await createUser(api, `layla_${process.pid % 100000}`);
  await layla.api.patch('/api/v1/accounts/update_credentials', { display_name: 'ليلى الشمري' });
  await createPost(layla, `أول منشور #${tag}`);
});

after(() => closeWebRig({ sirb, front, browser }));

async function open(lang: 'ar' | 'en'): Promise<Page> {
  const context = await signedInContext(browser, writer, lang);
  const page = await context.newPage();
  await page.goto(`${front.origin}/`);
  await page.locator('form.composer textarea').first().waitFor();
  return page;
}

async function lastPost(user: TestUser): Promise<any> {
  return (await user.api.get(`/api/v1/accounts/${user.id}/statuses?limit=1`)).body[0];
}

for (const lang of ['ar', 'en'] as const) {
  test(`@-mention suggestions: listbox, keyboard, Arabic names, Escape closes only the list (${lang})`, async () => {
    const page = await open(lang);
    const box = page.locator('form.composer textarea').first();
    await box.click();
    await box.pressSequentially('مرحبا @layla', { delay: 20 });
    const list = page.locator('form.composer [role=listbox]').first();
    await list.waitFor({ timeout: 10_000 });
    assert.equal(await list.getAttribute('aria-label'), lang === 'ar' ? 'اقتراحات' : 'Suggestions');
    const options = list.locator('[role=option]');
    const first = options.first();
    assert.equal(await first.locator('.suggestion-name').textContent(), 'ليلى الشمري');
    assert.equal(await first.locator('.suggestion-name').evaluate((el) => getComputedStyle(el).direction), 'rtl');
    assert.equal(await first.locator('.suggestion-handle').textContent(), `@${layla.username}`);
    assert.equal(await first.locator('.suggestion-handle').evaluate((el) => getComputedStyle(el).direction), 'ltr');
    // The field keeps the focus and points at the highlighted option.
    assert.equal(await box.getAttribute('aria-autocomplete'), 'list');
    assert.equal(await box.getAttribute('aria-controls'), await list.getAttribute('id'));
    assert.equal(await box.getAttribute('aria-activedescendant'), await first.getAttribute('id'));
    assert.equal(await first.getAttribute('aria-selected'), 'true');
    assert.ok(await box.evaluate((el) => el === document.activeElement));
    await fs.promises.mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, `${lang}-composer-mention.png`) });
    assert.deepEqual(await axeViolations(page), [], 'axe-core with the suggestions open, light and dark');
    // Escape closes the list, not the composer, and the text stays.
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    assert.equal(await box.inputValue(), 'مرحبا @layla');
    // Typing on opens it again; Enter takes the highlighted account.
    await box.pressSequentially('_', { delay: 20 });
    await list.waitFor();
    await page.keyboard.press('Enter');
    assert.equal(await box.inputValue(), `مرحبا @${layla.username} `);
    await list.waitFor({ state: 'detached' });
    // Hashtags: by their Arabic name, Tab takes it.
    await box.pressSequentially(`#${tag.slice(0, 5)}`, { delay: 20 });
    await list.waitFor({ timeout: 10_000 });
    assert.equal(await list.locator('[role=option]').first().locator('.suggestion-name').textContent(), `#${tag}`);
    await page.keyboard.press('Tab');
    assert.equal(await box.inputValue(), `مرحبا @${layla.username} #${tag} `);
    await page.context().close();
  });
}

test('language follows the text until chosen; visibility is sent; the ring fills and turns red past the limit', async () => {
  const page = await open('ar');
  const form = page.locator('form.composer').first();
  const box = form.locator('textarea');
  const language = form.locator('select.language-picker');
  const visibility = form.locator('select.visibility-picker');
  assert.equal(await page.locator(`label[for="${await language.getAttribute('id')}"]`).textContent(), 'لغة المنشور');
  assert.equal(await page.locator(`label[for="${await visibility.getAttribute('id')}"]`).textContent(), 'من يرى هذا المنشور');
  await box.fill('Reading this today https://example.com/مقال');
  assert.equal(await language.locator('option').first().textContent(), 'تلقائي: الإنجليزية');
  // An Arabic post with a link is Arabic: the link's Latin letters do not count.
  await box.fill('اقرؤوا هذا المقال https://example.com/article');
  assert.equal(await language.locator('option').first().textContent(), 'تلقائي: العربية');
  await box.fill('');
  await box.fill('أول منشور بالعربية');
  // The answer is held back until the post is stored: the box is read-only meanwhile, since it is
  // cleared when the answer comes and words typed in between would go with it.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/statuses', async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  await form.locator('button[type=submit]').click();
  await until(async () => (await lastPost(writer))?.content.includes('أول منشور بالعربية'), 'the post');
  assert.equal((await lastPost(writer)).language, 'ar');
  assert.equal(await box.isEditable(), false, 'read-only while the post is on its way');
  release();
  await until(async () => (await box.inputValue()) === '' && (await box.isEditable()), 'the box cleared and editable after posting');
  await page.unroute('**/api/v1/statuses');
  // Chosen by hand: sent as chosen, whatever the text looks like; with the visibility chosen.
  await box.fill('نص عربي لكن اللغة مختارة');
  await language.selectOption('en');
  await visibility.selectOption('private');
  await form.locator('button[type=submit]').click();
  await until(async () => (await lastPost(writer))?.content.includes('اللغة مختارة'), 'the second post');
  const second = await lastPost(writer);
  assert.equal(second.language, 'en');
  assert.equal(second.visibility, 'private');
  // The ring: quiet, then amber in the last 20, red past the limit with the overflow written.
  const ring = form.locator('.counter-ring');
  await box.fill('ع'.repeat(100));
  assert.equal(await ring.getAttribute('data-state'), 'ok');
  assert.equal(await ring.getAttribute('aria-hidden'), 'true');
  await box.fill('ع'.repeat(270));
  assert.equal(await ring.getAttribute('data-state'), 'near');
  assert.equal(await ring.locator('.counter-ring-number').textContent(), '10');
  await box.fill('ع'.repeat(285));
  assert.equal(await ring.getAttribute('data-state'), 'over');
  assert.equal(await ring.locator('.counter-ring-number').textContent(), '\u200e-5', 'Arabic with Latin digits, as the app writes numbers');
  assert.equal(await ring.locator('.counter-ring-fill').evaluate((el) => getComputedStyle(el).stroke), 'rgb(176, 0, 32)');
  await page.context().close();
});
