// Issue 10, finding 17: security headers on the web app, the OAuth sign-in page, media and the
// API, and a real browser showing that the strict policy is enforced yet the app runs under it
// with no violation at all (an inline script would be one: the app shell has none).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api, createApp, createPost, createUser, type TestApp, type TestUser } from '../helpers/client.js';
import { waitFor } from '../helpers/wait.js';
import { Sirb, signedInContext, closeWebRig, startWebRig, type WebRig } from './harness.js';

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let reader: TestUser;
let writer: TestUser;
let app: TestApp;
let mediaUrl: string;

before(async () => {
  ({ sirb, front, browser } = await startWebRig());
  const api = new Api(sirb.url);
  app = await createApp(api);
  reader = await createUser(api);
  writer = await createUser(api);
  await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#36c' } }).png().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'blue.png');
  const media = await writer.api.post('/api/v2/media', form);
  assert.equal(media.status, 200, JSON.stringify(media.body));
  mediaUrl = media.body.url;
  await createPost(writer, 'صورة زرقاء a blue picture', { media_ids: [media.body.id] });
});

after(() => closeWebRig({ sirb, front, browser }));

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

function authorizeQuery(): string {
  return new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read' }).toString();
}

function assertCommon(res: Response, what: string): void {
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.match(res.headers.get('referrer-policy') ?? '', /^(same-origin|strict-origin-when-cross-origin|no-referrer)$/, `${what}: Referrer-Policy`);
}

test('the web app shell: a strict CSP with no inline script, no framing, nosniff and a referrer policy', async () => {
  for (const path of ['/', '/explore', `/@${writer.username}`]) {
    const res = await fetch(`${sirb.url}${path}`, { headers: { accept: 'text/html' } });
    assert.equal(res.status, 200, path);
    assertCommon(res, path);
    assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
    const csp = directives(res.headers.get('content-security-policy'));
    assert.deepEqual(csp.get('script-src'), ["'self'"], `${path}: script-src`);
    assert.deepEqual(csp.get('default-src'), ["'none'"], `${path}: default-src`);
    assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], `${path}: frame-ancestors`);
    assert.deepEqual(csp.get('object-src') ?? csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    for (const [name, values] of csp) assert.ok(!values.includes("'unsafe-inline'") && !values.includes("'unsafe-eval'"), `${path}: ${name} allows inline`);
    assert.ok(csp.get('connect-src')?.includes("'self'"));
    assert.ok(csp.get('img-src')?.includes('data:') && csp.get('img-src')?.includes('blob:'));
    const html = await res.text();
    // Every script of the shell is a file: an inline one would be refused by the policy.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 1);
    for (const [, attributes, body] of scripts) {
      assert.match(attributes, /\bsrc=/, 'script with a src');
      assert.equal(body.trim(), '', 'no inline script');
    }
    assert.doesNotMatch(html, /<style\b|\sstyle=/, 'no inline style');
  }
});

test('the API and its errors carry nosniff and a referrer policy', async () => {
  for (const path of ['/api/v1/instance', '/api/v1/statuses/0', '/api/v1/timelines/home']) {
    assertCommon(await fetch(`${sirb.url}${path}`), path);
  }
});

test('the OAuth sign-in page: its own strict CSP (style by hash, no script), no framing', async () => {
  const res = await fetch(`${sirb.url}/oauth/authorize?${authorizeQuery()}`);
  assert.equal(res.status, 200);
  assertCommon(res, 'authorize');
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  const csp = directives(res.headers.get('content-security-policy'));
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
  assert.equal(csp.get('script-src'), undefined, 'no script allowed (default-src none)');
  const html = await res.text();
  assert.doesNotMatch(html, /<script\b/);
  for (const [, style] of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
    const hash = `'sha256-${crypto.createHash('sha256').update(style).digest('base64')}'`;
    assert.ok(csp.get('style-src')?.includes(hash), 'the inline style is allowed by its hash');
  }
  for (const [, values] of csp) assert.ok(!values.includes("'unsafe-inline'"));
});

test('media and default images: nosniff and a sandbox CSP, so an uploaded file can never run', async () => {
  for (const url of [mediaUrl, `${sirb.url}/assets/avatar-missing.png`]) {
    const res = await fetch(url);
    assert.equal(res.status, 200, url);
    assertCommon(res, url);
    const csp = directives(res.headers.get('content-security-policy'));
    assert.deepEqual(csp.get('default-src'), ["'none'"], url);
    assert.ok(csp.has('sandbox'), `${url}: sandbox`);
  }
});

/** Collects CSP violations seen by the page: the console message and the DOM event alike. */
async function watchViolations(context: BrowserContext): Promise<{ seen: string[]; page: Page }> {
  const seen: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to|CSP violation/i.test(m.text())) seen.push(m.text());
  });
  return { seen, page };
}

test('in Chromium the app runs under its policy with zero violations, and an injected inline script is refused', async () => {
  // Signed out: the welcome page with the public timeline.
  const visitor = await browser.newContext({ locale: 'en', viewport: { width: 1100, height: 900 } });
  const signedOut = await watchViolations(visitor);
  await signedOut.page.goto(`${front.origin}/`);
  await signedOut.page.waitForSelector('form.signup');
  await signedOut.page.locator('article.status').first().waitFor();

  // Signed in: home with an image, the live stream, a picked image (blob: preview), settings.
  const context = await signedInContext(browser, reader, 'ar');
  const { seen, page } = await watchViolations(context);
  const homeRequests: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/v1/timelines/home' && url.search === '?limit=20') homeRequests.push(r.url());
  });
  await page.goto(`${front.origin}/`);
  await page.locator('article.status', { hasText: 'صورة زرقاء' }).first().waitFor();
  // boot.js (no longer inline) still starts the home timeline early, and the app uses that answer.
  assert.equal(homeRequests.length, 1, `first page of home asked once: ${homeRequests.join(', ')}`);
  assert.equal(await page.evaluate(() => '__sirbPrefetch' in window), false, 'the prefetched answer was taken');
  await page.waitForSelector('section.timeline[data-live=stream]');
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), null, { polling: 100 });
  const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#c33' } }).png().toBuffer();
  await page.locator('form.composer input[type=file]').first().setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: png });
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('.attachment img');
    return img?.src.startsWith('blob:') && img.complete && img.naturalWidth > 0;
  }, null, { polling: 100 });
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 10_000, polling: 100 });
  // Fonts come from the app's own files.
  await page.waitForFunction(() => document.fonts.status === 'loaded', null, { polling: 100 });
  await page.goto(`${front.origin}/settings`);
  await page.waitForSelector('form.settings');
  // The language and theme were still set before the app ran (the boot script is a file now).
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');

  // The OAuth sign-in page, styled by its hashed inline style.
  await page.goto(`${sirb.url}/oauth/authorize?${authorizeQuery()}&lang=en`);
  await page.waitForSelector('#login');
  assert.equal(await page.locator('button[type=submit]').evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(29, 122, 95)');

  assert.deepEqual(signedOut.seen, [], 'no violation while signed out');
  assert.deepEqual(seen, [], 'no violation in the app or the sign-in page');

  // The policy is really enforced: script injected as markup does not run.
  await page.goto(`${front.origin}/`);
  await page.waitForSelector('form.composer');
  const ran = await page.evaluate(() => {
    // An inline script that is allowed runs as it is inserted.
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  assert.equal(ran, false, 'an inline script is refused');
  await waitFor(() => seen.some((m) => /script-src/.test(m)), { what: 'the refusal reported as a violation' });
  await visitor.close();
  await context.close();
});
