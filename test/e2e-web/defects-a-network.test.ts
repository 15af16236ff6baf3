// Issue 15, web app defects 2 and 3, in a real browser against a real server. A hung server —
// here a proxy the test controls, which accepts connections and then never answers — is told
// as a refused one is (banner, status link, the live view no longer claiming to be live, Post
// explaining its wait, notifications saying they failed, a new tab opening from the service
// worker's cache); and the per-IP rate limit leaves the page and its files alone, while a 429
// in the app is said in the reader's language with when to go on.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { Api, createUser, type TestUser } from '../helpers/client.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait.js';
import { Sirb, closeWebRig, signedInContext, startWebRig, type WebRig } from './harness.js';

let rig: WebRig;
let proxy: TcpProxy;
/** The app as the browser sees it: through the proxy, which the tests make hang. */
let origin: string;
let writer: TestUser;
let context: BrowserContext;
let home: Page;
let other: Page;
const suffix = Date.now().toString(36).slice(-5);
const draft = `Written while the server hung ${suffix}`;
/** A second server with a small allowance (the same one per IP and per account). */
let limited: Sirb;

before(async () => {
  rig = await startWebRig();
  proxy = await TcpProxy.start({ host: '127.0.0.1', port: rig.sirb.port });
  origin = `http://127.0.0.1:${proxy.port}`;
  writer = await createUser(new Api(rig.sirb.url), `writer_${suffix}`);
  context = await signedInContext(rig.browser, { token: writer.token, id: writer.id, username: writer.username }, 'en-US');
  home = await context.newPage();
  await home.goto(`${origin}/`);
  await home.locator('form.composer').waitFor();
  // The service worker keeps the shell (a new tab needs it), and the stream is live.
  await home.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15_000, polling: 100 });
  await home.locator('section.timeline[data-live=stream]').waitFor({ timeout: 15_000 });
  other = await context.newPage();
  await other.goto(`${origin}/`);
  await other.locator('form.composer').waitFor();
});

after(async () => {
  await context?.close();
  await proxy?.close();
  await closeWebRig(rig);
  await limited?.dispose();
});

test('defect 2: posting while the server hangs — Post says it is sending, then the banner, the status link, and the live view marked not live', async () => {
  proxy.hang();
  await home.fill('form.composer textarea', draft);
  await home.click('form.composer button[type=submit]');
  await home.locator('form.composer .compose-sending[role=status]').waitFor({ timeout: 5000 });
  const banner = home.locator('.outage[role=alert]');
  await banner.waitFor({ timeout: 30_000 });
  assert.equal(await banner.locator('a.status-link').getAttribute('href'), 'https://status.example.test');
  await home.locator('form.composer .compose-message', { hasText: 'Saved on this device' }).waitFor({ timeout: 10_000 });
  await home.locator('.outbox-note .queued-post', { hasText: draft }).waitFor();
  await home.locator('section.timeline[data-live=polling]').waitFor({ timeout: 10_000 });
});

test('defect 2: notifications opened while the server hangs say they could not load, under the banner', async () => {
  await other.click('nav a[href="/notifications"]');
  await other.locator('.load-failed').waitFor({ timeout: 30_000 });
  await other.locator('.outage[role=alert] a.status-link').waitFor({ timeout: 10_000 });
});

test('defect 2: a new tab opens from the service worker’s cache while the server hangs, and shows the banner', async () => {
  const fresh = await context.newPage();
  // The shell comes from the cache after a few seconds of no answer, not after the hang ends.
  await fresh.goto(`${origin}/`, { timeout: 20_000 });
  await fresh.locator('form.composer').waitFor({ timeout: 20_000 });
  await fresh.locator('.outage[role=alert] a.status-link').waitFor({ timeout: 30_000 });
  await fresh.close();
});

test('defect 2: when the server answers again the banner goes and the post kept meanwhile is published once', async () => {
  await proxy.restart();
  await home.locator('.outage').waitFor({ state: 'detached', timeout: 30_000 });
  await home.locator('article.status', { hasText: draft }).first().waitFor({ timeout: 20_000 });
  await home.waitForFunction(() => Object.keys(localStorage).every((k) => !k.startsWith('sirb.outbox')), null, { timeout: 20_000 });
  const posts = await writer.api.get(`/api/v1/accounts/${writer.id}/statuses?limit=40`);
  assert.equal(posts.body.filter((s: { content: string }) => s.content.includes(suffix)).length, 1, 'published exactly once');
});

test('defect 3: the shell, its bundles, the service worker, avatars and media are never rate limited', async () => {
  limited = new Sirb({ rateLimit: { perWindow: 25, registrationsPerWindow: 100, windowSeconds: 7 * 86_400 } });
  await limited.start();
  const uploader = await createUser(new Api(limited.url), `uploader_${suffix}`);
  const image = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#3a7' } }).png().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'x.png');
  const media = (await uploader.api.post('/api/v2/media', form)).body;
  const html = await (await fetch(`${limited.url}/`)).text();
  const bundles = [...html.matchAll(/(?:src|href)="(\/app-assets\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(bundles.length > 0, 'the shell names its bundles');
  const remaining = async () => Number((await fetch(`${limited.url}/api/v1/instance`)).headers.get('x-ratelimit-remaining'));
  const before = await remaining();
  const files = ['/', `/@${uploader.username}`, `/tags/${encodeURIComponent('سرب')}`, '/sw.js', '/assets/avatar-missing.png', new URL(media.url).pathname + new URL(media.url).search, ...bundles];
  // Far more than the allowance of 25: an afternoon of browsing.
  for (let round = 0; round < 3; round++) {
    for (const file of files) {
      const res = await fetch(`${limited.url}${file}`, { headers: { accept: file.includes('.') ? '*/*' : 'text/html' } });
      await res.arrayBuffer();
      assert.equal(res.status, 200, `${file}: ${res.status}`);
      assert.equal(res.headers.get('x-ratelimit-limit'), null, `${file} is not counted`);
    }
  }
  assert.equal(await remaining(), before - 1, 'only the API calls were counted');
});

test('defect 3: a 429 in the app is explained in the reader’s language with when to go on, not as an outage', async () => {
  const api = new Api(limited.url);
  for (const [locale, alert, held] of [
    ['ar', 'أرسلتَ طلبات كثيرة في وقت قصير. تستطيع المتابعة ', 'لم يُرسل بعد: طلبات كثيرة في وقت قصير.'],
    ['en-US', 'Too many requests from you in a short time. You can go on in ', 'Not sent yet: too many requests in a short time.'],
  ] as const) {
    const user = await createUser(api, `busy_${locale.slice(0, 2)}_${suffix}`);
    // The account spends its allowance elsewhere (another client, a script).
    await waitFor(async () => (await user.api.get('/api/v1/accounts/verify_credentials')).status === 429, { timeout: 20_000, what: 'the allowance to run out' });
    const ctx = await signedInContext(rig.browser, { token: user.token, id: user.id, username: user.username }, locale);
    const page = await ctx.newPage();
    const response = await page.goto(`${limited.url}/`);
    assert.equal(response?.status(), 200, 'the page itself is served');
    const note = page.locator('.rate-limited[role=alert]');
    await note.waitFor({ timeout: 15_000 });
    const text = (await note.textContent()) ?? '';
    assert.ok(text.startsWith(alert), text);
    assert.match(text, /\d/, 'says when');
    await page.fill('form.composer textarea', `held back ${suffix}`);
    await page.click('form.composer button[type=submit]');
    await page.locator('form.composer .compose-message', { hasText: held }).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('.outage').count(), 0, 'not shown as the server being down');
    await ctx.close();
  }
});
