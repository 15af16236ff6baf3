// A stranger's pass over the server-rendered home (src/web-ssr.ts) in a real browser: what the
// first tests (ssr-home.test.ts) did not try. Here: a shared computer where the first reader signs
// out while the network is down (the DELETE of the web session cookie and the token's revocation
// never arrive), and the next person then opens the site and signs in as someone else. Nobody
// after the sign-out may be served the first reader's home, not even for the moment before the
// app replaces it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { closeWebRig, startWebRig, signedInContext, type WebRig } from './harness.js';
import { Api, createApp, createPost, createUser, type TestUser } from '../helpers/client.js';

let rig: WebRig;
let first: TestUser;
let second: TestUser;
const firstSaid = 'hidden words only the first reader follows';
const secondSaid = 'words only the second reader follows';

before(async () => {
  rig = await startWebRig();
  const api = new Api(rig.sirb.url);
  const app = await createApp(api);
  first = await createUser(api, undefined, app);
  second = await createUser(api, undefined, app);
  const firstWriter = await createUser(api, undefined, app);
  const secondWriter = await createUser(api, undefined, app);
  assert.equal((await first.api.post(`/api/v1/accounts/${firstWriter.id}/follow`)).status, 200);
  assert.equal((await second.api.post(`/api/v1/accounts/${secondWriter.id}/follow`)).status, 200);
  for (let i = 1; i <= 3; i++) {
    await createPost(firstWriter, `${firstSaid} ${i}`);
    await createPost(secondWriter, `${secondSaid} ${i}`);
  }
});

after(() => closeWebRig(rig));

/** What the server answers `/` with for this browser's cookies right now (as its next load would get). */
async function htmlFor(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies(rig.front.origin)).map((c) => `${c.name}=${c.value}`).join('; ');
  const res = await fetch(`${rig.sirb.url}/`, { headers: { accept: 'text/html', cookie } });
  return res.text();
}

async function waitForCookie(context: BrowserContext, name: string, present: boolean): Promise<boolean> {
  const has = async () => (await context.cookies(rig.front.origin)).some((c) => c.name === name && c.value !== '');
  for (let i = 0; i < 50 && (await has()) !== present; i++) await new Promise((r) => setTimeout(r, 100));
  return has();
}

test('a sign-out that never reached the server leaves nothing of the reader to render, and the next account never sees their home', async () => {
  const context = await signedInContext(rig.browser, first, 'en');
  const page = await context.newPage();
  await page.goto(`${rig.front.origin}/`);
  await page.getByText(`${firstSaid} 3`).waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.ready.then(() => true));
  assert.ok(await waitForCookie(context, 'sirb_web', true), 'the app set the web session cookie');
  await page.reload();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.sirbSsr), 'home', 'home came rendered by the server');
  await page.waitForFunction(() => performance.getEntriesByName('sirb:first-page').length > 0);

  // The network drops as the reader signs out: neither the cookie's DELETE nor the revocation arrives.
  await context.route('**/api/sirb/web_session', (route) => route.abort('internetdisconnected'));
  await context.route('**/oauth/revoke', (route) => route.abort('internetdisconnected'));
  await page.click('nav .link-button');
  await page.locator('dialog.confirm-sign-out button.sign-out-anyway').click();
  await page.waitForSelector('form.signup');
  await context.unrouteAll();

  // The next person at this computer opens the site: the server must not paint the first reader's home.
  assert.equal((await htmlFor(context)).includes(firstSaid), false, "the server would render the signed-out reader's home for this browser");
  const reloaded = await page.reload();
  const html = await reloaded!.text();
  assert.equal(html.includes(firstSaid), false, "the signed-out reader's posts were in the page");
  assert.equal(html.includes('id="sirb-ssr"'), false, 'no server render for a signed-out browser');
  await page.waitForSelector('form.signup');
  // Back online, the app finishes what the sign-out could not: the old token leaves the cookie jar.
  assert.equal(await waitForCookie(context, 'sirb_web', false), false, 'the stale web session cookie was deleted');

  // The second reader signs in (the OAuth page) in the same browser, and reloads home.
  await page.click('button.sign-in');
  await page.waitForURL(/\/oauth\/authorize\?/);
  await page.fill('#login', second.username);
  await page.fill('#password', second.password);
  await page.click('button[type=submit]');
  await page.getByText(`${secondSaid} 3`).waitFor();
  assert.equal(await page.getByText(firstSaid).count(), 0);
  assert.ok(await waitForCookie(context, 'sirb_web', true), 'the app set the cookie for the second reader');
  const secondHome = await (await page.reload())!.text();
  assert.ok(secondHome.includes(`${secondSaid} 3`), "the second reader's home is rendered by the server");
  assert.equal(secondHome.includes(firstSaid), false);
  await page.waitForFunction(() => performance.getEntriesByName('sirb:first-page').length > 0);
  assert.equal(await page.getByText(firstSaid).count(), 0);
  await context.close();
});

test('on a slow phone, a tap on a post and words typed before the app has taken the page over are not lost', async () => {
  const { context, page, likes, release } = await homeWithAppHeld();
  const post = page.locator('article.status').filter({ hasText: `${secondSaid} 2` });
  const id = await post.getAttribute('data-status-id');
  await post.locator('button.like').click();
  const box = page.locator('form.composer textarea').first();
  await box.fill('typed before the app started');
  assert.equal(await page.evaluate(() => performance.getEntriesByName('sirb:app-start').length), 0, 'the app had not started yet');

  release();
  await page.waitForFunction(() => performance.getEntriesByName('sirb:first-page').length > 0);
  await post.locator('button.like[aria-pressed=true]').waitFor({ timeout: 5000 });
  assert.equal(likes.length, 1, 'liked once');
  assert.equal((await second.api.get(`/api/v1/statuses/${id}`)).body.favourited, true);
  await page.waitForTimeout(300);
  assert.equal(await box.inputValue(), 'typed before the app started', 'the words typed early are kept');
  assert.equal(await page.locator('form.composer button[type=submit]').first().isDisabled(), false, 'and can be posted');
  await context.close();
});

test('on a slow phone, keyboard shortcuts pressed before the app has taken the page over are done once it has, and keys typed into a field stay text', async () => {
  const { context, page, likes, release } = await homeWithAppHeld();
  const first = page.locator('#main article.status').first();
  const id = await first.getAttribute('data-status-id');
  assert.equal((await second.api.get(`/api/v1/statuses/${id}`)).body.favourited, false);

  // Typed into the composer: words, not shortcuts (were "n" and "j" taken as shortcuts, the
  // like below would land on the second post).
  const box = page.locator('form.composer textarea').first();
  await box.click();
  await page.keyboard.type('nj');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // Outside any field: j (to the first post), f (like it), n (write a post).
  for (const key of ['j', 'f', 'n']) await page.keyboard.press(key);
  assert.equal(await page.evaluate(() => performance.getEntriesByName('sirb:app-start').length), 0, 'the app had not started yet');
  assert.equal(likes.length, 0);

  release();
  await page.waitForFunction(() => performance.getEntriesByName('sirb:first-page').length > 0);
  await first.locator('button.like[aria-pressed=true]').waitFor({ timeout: 5000 });
  await page.waitForFunction(() => document.activeElement?.matches('form.composer textarea') === true, null, { timeout: 5000 });
  await page.waitForTimeout(500);
  assert.equal(likes.length, 1, 'liked once: the keys were pressed again once, not twice');
  assert.equal((await second.api.get(`/api/v1/statuses/${id}`)).body.favourited, true, 'the first post is the one liked');
  assert.equal(await box.inputValue(), 'nj', 'the words typed early are kept, and n added nothing to them');
  await context.close();
});

test('on a slow phone, the letters typed after an early n are not taken as shortcuts once the app has started', async () => {
  const { context, page, likes, release } = await homeWithAppHeld();
  const boosts: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && /\/reblog$/.test(new URL(r.url()).pathname) && boosts.push(r.url()));
  // n, then the first words of the post, all before the app listens: the words land on the page,
  // not in a box that does not have the focus yet. Replayed, "jf" would move to a post and like it.
  for (const key of ['n', 'j', 'f', 'b']) await page.keyboard.press(key);
  assert.equal(await page.evaluate(() => performance.getEntriesByName('sirb:app-start').length), 0, 'the app had not started yet');
  release();
  await page.waitForFunction(() => performance.getEntriesByName('sirb:first-page').length > 0);
  await page.waitForFunction(() => document.activeElement?.matches('form.composer textarea') === true, null, { timeout: 5000 });
  await page.waitForTimeout(500);
  assert.equal(likes.length, 0, 'nothing liked');
  assert.deepEqual(boosts, [], 'nothing boosted');
  await context.close();
});

/**
 * The second reader's server-rendered home with the app's code held back until `release()`, as a
 * slow line holds it (the service worker, which would hand it over at once, is blocked); `likes`
 * collects the favourite requests the page sends.
 */
async function homeWithAppHeld() {
  const context = await signedInContext(rig.browser, second, 'en', { serviceWorkers: 'block' });
  await context.addCookies([
    { name: 'sirb_web', value: second.token, url: rig.front.origin, httpOnly: true, sameSite: 'Strict' },
    { name: 'sirb_lang', value: 'en', url: rig.front.origin, sameSite: 'Strict' },
  ]);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await context.route(/\/app-assets\/index-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  const page = await context.newPage();
  const likes: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && /\/favourite$/.test(new URL(r.url()).pathname) && likes.push(r.url()));
  await page.goto(`${rig.front.origin}/`, { waitUntil: 'domcontentloaded' });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.sirbSsr), 'home');
  return { context, page, likes, release };
}
