// Issue 15: link preview cards in the web app. A post's card (fetched by the server from a local
// page, test/cards/site.ts) shows its image (the server's copy, lazy, sized), title, description
// and domain; each text takes its own direction, the domain stays left-to-right in Arabic.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';
import { until } from '../helpers/until.js';
import { axeViolations } from './axe-check.js';
import { artifacts, closeWebRig, signedInContext, startWebRig, type Sirb, type WebRig } from './harness.js';
import { PINNED, site } from '../cards/site.js';

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let reader: TestUser;
const web = site();

before(async () => {
  await web.listen();
  ({ sirb, front, browser } = await startWebRig({ cardsAllowedOrigins: [web.host()], cardsResolve: PINNED, cardsTimeoutMs: 30_000 }));
  web.pages.set('/cover.png', { type: 'image/png', body: await sharp({ create: { width: 1200, height: 630, channels: 3, background: '#1d7a5f' } }).png().toBuffer() });
  web.pages.set('/ar', { body: '<html lang="ar"><head><meta property="og:title" content="دليل الطيور المهاجرة"><meta property="og:description" content="كيف تجد الأسراب طريقها كل عام"><meta property="og:image" content="/cover.png"></head></html>' });
  web.pages.set('/en', { body: '<html lang="en"><head><title>Migrating birds, a field guide</title><meta name="description" content="How flocks find their way every year"></head></html>' });
  const api = new Api(sirb.url);
  reader = await createUser(api);
  const writer = await createUser(api);
  await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
  for (const [text, path] of [['اقرؤوا هذا', '/ar'], ['Read this', '/en']] as const) {
    const post = await createPost(writer, `${text} ${web.url(path)}`);
    // A shared, loaded machine: the fetch and the image's re-encoding get a minute.
    await until(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return (await api.get(`/api/v1/statuses/${post.id}`)).body.card !== null;
    }, `the card of ${path} (the site was asked for ${JSON.stringify(web.hits)})`, 60_000);
  }
});

after(async () => {
  await closeWebRig({ sirb, front, browser });
  await web.close();
});

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

for (const lang of ['ar', 'en'] as const) {
  test(`cards in the home timeline (${lang}): image, title, description, domain; directions per text`, async () => {
    const context = await signedInContext(browser, reader, lang);
    const page = await context.newPage();
    await page.goto(`${front.origin}/`);
    const arabic = page.locator('article.status', { hasText: 'اقرؤوا هذا' }).locator('a.link-card');
    const english = page.locator('article.status', { hasText: 'Read this' }).locator('a.link-card');
    await arabic.waitFor();
    await english.waitFor();
    assert.equal(await arabic.getAttribute('href'), web.url('/ar'));
    assert.equal(await arabic.getAttribute('target'), '_blank');
    assert.match((await arabic.getAttribute('rel')) ?? '', /noopener/);
    assert.equal(await arabic.locator('.link-card-title').textContent(), 'دليل الطيور المهاجرة');
    assert.equal(await arabic.locator('.link-card-description').textContent(), 'كيف تجد الأسراب طريقها كل عام');
    const domain = arabic.locator('.link-card-domain');
    assert.equal(await domain.textContent(), 'cards.sirb-test.com');
    assert.equal(await domain.evaluate((el) => getComputedStyle(el).direction), 'ltr', 'the domain is isolated left-to-right');
    // Each title takes its own direction, whatever the interface's.
    assert.equal(await arabic.locator('.link-card-title').evaluate((el) => getComputedStyle(el).direction), 'rtl');
    assert.equal(await english.locator('.link-card-title').evaluate((el) => getComputedStyle(el).direction), 'ltr');
    assert.equal(await english.locator('.link-card-title').textContent(), 'Migrating birds, a field guide');
    assert.equal(await english.locator('img').count(), 0, 'no image, no empty box');
    // The domain sits at the card's start edge: the right in Arabic, the left in English.
    const [cardBox, domainBox] = [await arabic.boundingBox(), await domain.boundingBox()];
    if (lang === 'ar') assert.ok(Math.abs(cardBox!.x + cardBox!.width - (domainBox!.x + domainBox!.width)) < 20, 'domain at the right edge');
    else assert.ok(Math.abs(domainBox!.x - cardBox!.x) < 20, 'domain at the left edge');
    const image = arabic.locator('img.link-card-image');
    assert.equal(await image.getAttribute('loading'), 'lazy');
    assert.equal(await image.getAttribute('width'), '1200');
    assert.equal(await image.getAttribute('height'), '630');
    assert.ok((await image.getAttribute('src'))!.startsWith(`${sirb.url}/card-images/`), 'the server\'s own copy');
    await arabic.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('img.link-card-image')].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 10_000 });
    await shot(page, `${lang}-link-cards`);
    assert.deepEqual(await axeViolations(page), [], 'axe-core over the cards, light and dark');
    await context.close();
  });
}
