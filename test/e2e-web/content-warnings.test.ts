// Issue 10, finding 23: content warnings (spoiler_text) keep a post's text and media folded
// behind a "Show more" button, sensitive media stays blurred until the reader asks for it, and
// the composer can set both — in Arabic and English, right-to-left where it should be.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Locator, Page } from 'playwright-core';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';
import { Sirb, artifacts, signedInContext, closeWebRig, startWebRig, type WebRig } from './harness.js';

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let reader: TestUser;
let writer: TestUser;
let png: Buffer;

async function upload(user: TestUser): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'red.png');
  const res = await user.api.post('/api/v2/media', form);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.id;
}

before(async () => {
  ({ sirb, front, browser } = await startWebRig());
  const api = new Api(sirb.url);
  reader = await createUser(api);
  writer = await createUser(api);
  await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
  png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } }).png().toBuffer();
  await createPost(writer, 'القاتل هو الخادم The butler did it', { spoiler_text: 'حرق لأحداث المسلسل', media_ids: [await upload(writer)] });
  await createPost(writer, 'صورة من العملية a picture from the operation', { sensitive: true, media_ids: [await upload(writer)] });
  await createPost(writer, 'An ordinary picture صورة عادية', { media_ids: [await upload(writer)] });
});

after(() => closeWebRig({ sirb, front, browser }));

function card(page: Page, text: string): Locator {
  return page.locator('article.status', { hasText: text }).first();
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.waitForFunction(() => [...document.images].every((i) => i.complete) && document.fonts.status === 'loaded', null, { timeout: 3000, polling: 100 }).catch(() => {});
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

async function blurred(img: Locator): Promise<boolean> {
  return img.evaluate((el) => getComputedStyle(el).filter.includes('blur'));
}

test('a post with a content warning shows only the warning until "اعرض المزيد" (Arabic, RTL)', async () => {
  const context = await signedInContext(browser, reader, 'ar');
  const page = await context.newPage();
  await page.goto(`${front.origin}/`);
  const post = card(page, 'حرق لأحداث المسلسل');
  await post.waitFor();
  const spoiler = post.locator('.spoiler-text');
  assert.equal(await spoiler.textContent(), 'حرق لأحداث المسلسل');
  assert.equal(await spoiler.getAttribute('dir'), 'auto');
  // The text and the picture are folded away: not shown, not read out.
  assert.equal(await post.locator('.status-content').isVisible(), false);
  assert.equal(await post.locator('.media-grid').isVisible(), false);
  const toggle = post.locator('button.spoiler-toggle');
  assert.equal(await toggle.textContent(), 'اعرض المزيد');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await spoiler.evaluate((el) => getComputedStyle(el).direction), 'rtl');
  await post.scrollIntoViewIfNeeded();
  await shot(page, 'ar-content-warnings');

  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await toggle.textContent(), 'اعرض أقل');
  assert.ok(await post.locator('.status-content').isVisible());
  assert.match((await post.locator('.status-content').textContent()) ?? '', /The butler did it/);
  // Media behind a content warning is sensitive too (the server says so): still blurred.
  const img = post.locator('.media-grid img');
  assert.ok(await blurred(img), 'media behind a warning stays blurred');
  await toggle.click();
  assert.equal(await post.locator('.status-content').isVisible(), false);
  await context.close();
});

test('sensitive media is blurred behind a button until clicked; ordinary media is not (English)', async () => {
  const context = await signedInContext(browser, reader, 'en');
  const page = await context.newPage();
  await page.goto(`${front.origin}/`);
  const post = card(page, 'a picture from the operation');
  await post.waitFor();
  // No content warning: the text is there at once.
  assert.ok(await post.locator('.status-content').isVisible());
  assert.equal(await post.locator('button.spoiler-toggle').count(), 0);
  const img = post.locator('.media-grid img');
  assert.ok(await blurred(img), 'blurred');
  await post.scrollIntoViewIfNeeded();
  await shot(page, 'en-sensitive-media');
  const reveal = post.locator('button.sensitive-reveal');
  assert.match((await reveal.textContent()) ?? '', /Sensitive content/);
  // The blurred picture is no link yet: a click anywhere on it only reveals it.
  await reveal.click();
  await page.waitForFunction(() => {
    const el = [...document.querySelectorAll('article.status')].find((a) => a.textContent?.includes('a picture from the operation'));
    return el && !getComputedStyle(el.querySelector('.media-grid img')!).filter.includes('blur');
  }, null, { polling: 100 });
  assert.equal(page.url(), `${front.origin}/`, 'revealing did not open the image');
  await post.locator('button.sensitive-hide').click();
  assert.ok(await blurred(img), 'and hidden again');

  const ordinary = card(page, 'An ordinary picture');
  assert.equal(await blurred(ordinary.locator('.media-grid img')), false);
  assert.equal(await ordinary.locator('button.sensitive-reveal').count(), 0);

  // The warning's button in English.
  assert.equal(await card(page, 'حرق لأحداث المسلسل').locator('button.spoiler-toggle').textContent(), 'Show more');
  await context.close();
});

test('the composer sets a content warning and marks media sensitive', async () => {
  const context = await signedInContext(browser, reader, 'ar');
  const page = await context.newPage();
  await page.goto(`${front.origin}/`);
  await page.waitForSelector('form.composer');
  const form = page.locator('form.composer').first();

  // A content warning: its field appears with the button, in the text's own direction.
  const cwButton = form.locator('button.cw-toggle');
  assert.equal(await cwButton.getAttribute('aria-pressed'), 'false');
  assert.equal(await form.locator('input.spoiler-input').count(), 0);
  await cwButton.click();
  assert.equal(await cwButton.getAttribute('aria-pressed'), 'true');
  const cw = form.locator('input.spoiler-input');
  assert.equal(await cw.getAttribute('dir'), 'auto');
  await cw.fill('نتيجة المباراة');
  await form.locator('textarea').fill('فاز الفريق الأحمر ٣-١');
  await shot(page, 'ar-composer-content-warning');
  await form.locator('button[type=submit]').click();
  const posted = card(page, 'نتيجة المباراة');
  await posted.waitFor();
  assert.equal(await posted.locator('button.spoiler-toggle').getAttribute('aria-expanded'), 'false');
  let mine = await reader.api.get(`/api/v1/accounts/${reader.id}/statuses`);
  assert.equal(mine.body[0].spoiler_text, 'نتيجة المباراة');
  // Once posted, the warning field is cleared and folded away for the next post (the card can
  // arrive by the stream before the composer has handled the POST's answer: wait for it).
  await form.locator('input.spoiler-input').waitFor({ state: 'detached', timeout: 5000 });

  // Sensitive media: the choice appears once there is an attachment.
  assert.equal(await form.locator('input.sensitive-toggle').count(), 0);
  await form.locator('input[type=file]').setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: png });
  await page.waitForFunction(() => !document.querySelector('.attachment .uploading') && document.querySelector('.attachment'), null, { timeout: 10_000, polling: 100 });
  const sensitive = form.locator('input.sensitive-toggle');
  assert.equal(await sensitive.isChecked(), false);
  await sensitive.check();
  await form.locator('textarea').fill('صورة لا تناسب الجميع');
  await form.locator('button[type=submit]').click();
  const withMedia = card(page, 'صورة لا تناسب الجميع');
  await withMedia.waitFor();
  assert.ok(await blurred(withMedia.locator('.media-grid img')));
  mine = await reader.api.get(`/api/v1/accounts/${reader.id}/statuses`);
  assert.equal(mine.body[0].sensitive, true);
  assert.equal(mine.body[0].spoiler_text, '');
  await context.close();
});
