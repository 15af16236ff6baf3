// Issue 10, finding 24: on a shared computer one person's unsent words never reach the next
// person's composer. Drafts (the home composer's and each reply's) and the outbox are kept per
// account; signing out clears them, after asking if unsent posts remain; and an account whose
// session merely ended keeps its own drafts and queued posts for when it comes back — never
// shown to, nor posted as, whoever signs in next.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { Api, createApp, createPost, createUser, type TestApp, type TestUser } from '../helpers/client.js';
import { Sirb, artifacts, signedInContext, closeWebRig, startWebRig, type WebRig } from './harness.js';

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let app: TestApp;
let amal: TestUser;
let badr: TestUser;
let otherPost: { id: string };

before(async () => {
  ({ sirb, front, browser } = await startWebRig());
  const api = new Api(sirb.url);
  app = await createApp(api);
  amal = await createUser(api, undefined, app);
  badr = await createUser(api, undefined, app);
  const writer = await createUser(api);
  await amal.api.post(`/api/v1/accounts/${writer.id}/follow`);
  await badr.api.post(`/api/v1/accounts/${writer.id}/follow`);
  otherPost = await createPost(writer, 'منشور للرد عليه a post to reply to');
});

after(() => closeWebRig({ sirb, front, browser }));

const HOME_DRAFT = 'مسودة أمل السرية Amal’s secret draft';
const REPLY_DRAFT = 'ردّ لم يكتمل من أمل';
const QUEUED = 'منشور أمل المنتظر Amal’s queued post';

/** Amal, signed in: a home draft, a reply draft, and a post the server refused for now (503) in the outbox. */
async function amalLeavesWordsBehind(page: Page): Promise<void> {
  await page.route('**/api/v1/statuses', (route) =>
    route.request().method() === 'POST' ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable"}' }) : route.continue(),
  );
  await page.goto(`${front.origin}/`);
  const home = page.locator('form.composer').first();
  await home.waitFor();
  await home.locator('textarea').fill(QUEUED);
  await home.locator('button[type=submit]').click();
  await page.locator('.outbox-note .queued-post', { hasText: QUEUED }).waitFor();
  await home.locator('textarea').fill(HOME_DRAFT);
  const card = page.locator('article.status', { hasText: 'a post to reply to' }).first();
  await card.locator('.status-actions button').first().click();
  await card.locator('form.composer textarea').fill(REPLY_DRAFT);
}

/** Signs in through the server's OAuth page, in this same tab (the shared computer). */
async function signInThroughPage(page: Page, user: TestUser): Promise<void> {
  await page.goto(`${front.origin}/`);
  await page.click('button.sign-in');
  await page.waitForURL(/\/oauth\/authorize\?/);
  await page.fill('#login', user.username);
  await page.fill('#password', user.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('form.composer');
}

async function stored(page: Page): Promise<string> {
  return page.evaluate(() => Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`).join('\n'));
}

/** The next person's view: empty composers, and nothing posted in their name. */
async function assertCleanFor(page: Page, posts: Request[]): Promise<void> {
  await page.locator('article.status', { hasText: 'a post to reply to' }).first().waitFor();
  assert.equal(await page.locator('form.composer textarea').first().inputValue(), '');
  const card = page.locator('article.status', { hasText: 'a post to reply to' }).first();
  await card.locator('.status-actions button').first().click();
  const reply = await card.locator('form.composer textarea').inputValue();
  assert.doesNotMatch(reply, /لم يكتمل/, 'no reply draft of the previous account');
  assert.equal(await page.locator('.outbox-note').count(), 0, 'no queued post of the previous account');
  // Badr posts something himself: the outbox runs, and sends only his own post.
  const home = page.locator('form.composer').first();
  await home.locator('textarea').fill('منشور بدر Badr’s own post');
  await home.locator('button[type=submit]').click();
  await page.locator('article.status', { hasText: 'Badr’s own post' }).first().waitFor();
  const mine = await badr.api.get(`/api/v1/accounts/${badr.id}/statuses`);
  assert.ok(mine.body.length > 0 && mine.body.every((s: { content: string }) => /Badr’s own post/.test(s.content)), 'Badr has only his own posts');
  assert.equal(posts.filter((r) => (r.postData() ?? '').includes('queued post')).length, 0, 'Amal’s post was never sent as Badr');
}

test('signing out with an unsent post asks first (Arabic), then clears drafts and outbox; the next account starts empty', async () => {
  const context: BrowserContext = await signedInContext(browser, amal, 'ar');
  const page = await context.newPage();
  const posts: Request[] = [];
  await amalLeavesWordsBehind(page);

  // Asked first, in Arabic: staying keeps everything.
  await page.click('nav .link-button');
  const dialog = page.locator('dialog.confirm-sign-out');
  await dialog.waitFor();
  assert.match((await dialog.textContent()) ?? '', /منشور واحد لم يُرسل/);
  assert.equal(await dialog.evaluate((d) => getComputedStyle(d).direction), 'rtl');
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, 'ar-sign-out-unsent.png') });
  await dialog.locator('button.stay').click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.locator('form.composer textarea').first().inputValue(), HOME_DRAFT);
  await page.locator('.outbox-note .queued-post', { hasText: QUEUED }).waitFor();

  // Signing out anyway: nothing of Amal's words stays on the device.
  await page.click('nav .link-button');
  await dialog.locator('button.sign-out-anyway').click();
  await page.waitForSelector('form.signup');
  const left = await stored(page);
  for (const words of [HOME_DRAFT, REPLY_DRAFT, QUEUED]) assert.ok(!left.includes(words), `“${words}” is gone from storage:\n${left}`);

  await page.unroute('**/api/v1/statuses');
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/statuses') posts.push(r);
  });
  await signInThroughPage(page, badr);
  await assertCleanFor(page, posts);
  const amals = await amal.api.get(`/api/v1/accounts/${amal.id}/statuses`);
  assert.equal(amals.body.length, 0, 'the discarded post was not sent later either');
  await context.close();
});

test('signing out with nothing unsent asks only for a confirmation (English)', async () => {
  const context = await signedInContext(browser, badr, 'en');
  const page = await context.newPage();
  await page.goto(`${front.origin}/`);
  await page.locator('form.composer textarea').first().fill('just a draft');
  await page.click('nav .link-button');
  // Issue 15: sign-out is always confirmed; with nothing unsent, nothing is said about posts.
  const dialog = page.locator('dialog.confirm-sign-out[open]');
  await dialog.waitFor();
  assert.doesNotMatch((await dialog.textContent()) ?? '', /not been sent/);
  await dialog.locator('button.sign-out-anyway').click();
  await page.waitForSelector('form.signup');
  assert.ok(!(await stored(page)).includes('just a draft'));
  await context.close();
});

test('a session that ends without signing out keeps its words for its own account only', async () => {
  const context = await signedInContext(browser, amal, 'en');
  const page = await context.newPage();
  const posts: Request[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/statuses') posts.push(r);
  });
  await amalLeavesWordsBehind(page);
  await page.unroute('**/api/v1/statuses');
  // Amal's token is revoked elsewhere (another device, an administrator): the app notices on its
  // next request and drops the session — no sign-out, so nothing is asked and nothing cleared.
  const revoked = await new Api(sirb.url).post('/oauth/revoke', { client_id: app.clientId, client_secret: app.clientSecret, token: amal.token });
  assert.equal(revoked.status, 200);
  await page.goto(`${front.origin}/explore`);
  await page.waitForFunction(() => localStorage.getItem('sirb.session') === null, null, { polling: 100 });
  const sentBefore = posts.length;

  await signInThroughPage(page, badr);
  await assertCleanFor(page, posts.slice(sentBefore));

  // Amal comes back: her draft is there again, and her queued post goes out — as her, once.
  await page.click('nav .link-button');
  await page.click('dialog.confirm-sign-out[open] button.sign-out-anyway');
  await page.waitForSelector('form.signup');
  await signInThroughPage(page, amal);
  await page.locator('article.status', { hasText: 'queued post' }).first().waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('form.composer textarea').first().inputValue(), HOME_DRAFT);
  // (Her old token was revoked: the public listing shows her posts.)
  const amals = await new Api(sirb.url).get(`/api/v1/accounts/${amal.id}/statuses`);
  assert.equal(amals.body.filter((s: { content: string }) => s.content.includes('queued post')).length, 1);
  await context.close();
});
