// Home rendered by the server into the HTML of `/` (src/web-ssr.ts, web/src/entry-server.tsx):
// the web session cookie's reader gets their 20 newest posts in the page, anyone else the
// generic shell with nothing personal; the cookie never authenticates an API call; the app sets
// it after sign-in and signing out clears it; the service worker never keeps a personal page; and
// React takes the page over (hydrates) without asking for home again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeWebRig, startWebRig, signedInContext, type WebRig } from './harness.js';
import { Api, createApp, createPost, createUser, type TestApp, type TestUser } from '../helpers/client.js';

const COOKIE = 'sirb_web';
// The language's cookie, which boot.js keeps on every visit: the server renders only in it.
const LANG = 'sirb_lang=ar';
let rig: WebRig;
let app: TestApp;
let reader: TestUser;
let writer: TestUser;
const said: string[] = [];

before(async () => {
  rig = await startWebRig();
  const api = new Api(rig.sirb.url);
  app = await createApp(api);
  reader = await createUser(api, undefined, app);
  writer = await createUser(api, undefined, app);
  assert.equal((await reader.api.post(`/api/v1/accounts/${writer.id}/follow`)).status, 200);
  for (let i = 1; i <= 24; i++) {
    said.push(`منشور رقم ${i} من الكاتب`);
    await createPost(writer, said.at(-1)!);
  }
});

after(() => closeWebRig(rig));

/** GET / as a browser would ask for it, with these cookies. */
async function home(cookie?: string, extra: Record<string, string> = {}) {
  const res = await fetch(`${rig.sirb.url}/`, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}), ...extra } });
  return { res, html: await res.text() };
}

const articleIds = (html: string) => [...html.matchAll(/<article class="status[^"]*"[^>]*data-status-id="(\d+)"/g)].map((m) => m[1]);

test("the cookie's reader gets their home's 20 newest posts in the HTML, private and never stored; without it, nothing personal", async () => {
  const api = await reader.api.get('/api/v1/timelines/home?limit=20');
  assert.equal(api.body.length, 20);
  const { res, html } = await home(`${COOKIE}=${reader.token}; ${LANG}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'private, no-store');
  assert.match(res.headers.get('vary') ?? '', /Cookie/);
  assert.deepEqual(articleIds(html), api.body.map((s: { id: string }) => s.id), 'the same 20 posts, in the same order, as the API gives the reader');
  assert.ok(html.includes(said.at(-1)!), 'the newest post is in the page');
  assert.match(html, /<script type="application\/json" id="sirb-ssr">/);
  assert.ok(html.includes(`/@${reader.username}`), "the reader's own profile link (their navigation)");
  // The inlined stylesheet is allowed by its hash, nothing else inline.
  assert.match(res.headers.get('content-security-policy') ?? '', /style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self';/);

  for (const [why, cookie] of [
    ['no cookie', undefined],
    ['a made-up token', `${COOKIE}=not-a-token; ${LANG}`],
    ['an empty cookie', `${COOKIE}=; ${LANG}`],
    ['no language cookie (boot.js sets it: the server does not guess)', `${COOKIE}=${reader.token}`],
  ] as const) {
    const generic = await home(cookie);
    assert.equal(generic.res.status, 200, why);
    assert.equal(articleIds(generic.html).length, 0, `${why}: no posts`);
    assert.ok(!generic.html.includes('sirb-ssr') && !generic.html.includes(said.at(-1)!) && !generic.html.includes(reader.username), `${why}: nothing of the reader`);
    assert.equal(generic.res.headers.get('cache-control'), 'no-cache', `${why}: the generic shell`);
  }
});

test('a revoked token in the cookie gets the generic shell', async () => {
  const api = new Api(rig.sirb.url);
  const leaving = await createUser(api, undefined, app);
  assert.equal((await leaving.api.post(`/api/v1/accounts/${writer.id}/follow`)).status, 200);
  assert.equal(articleIds((await home(`${COOKIE}=${leaving.token}; ${LANG}`)).html).length, 20);
  const revoked = await api.post('/oauth/revoke', { client_id: app.clientId, client_secret: app.clientSecret, token: leaving.token });
  assert.equal(revoked.status, 200);
  const after = await home(`${COOKIE}=${leaving.token}; ${LANG}`);
  assert.equal(articleIds(after.html).length, 0);
  assert.ok(!after.html.includes(leaving.username));
});

test('the cookie never authenticates an API call; setting it takes a bearer token; it is HttpOnly, SameSite=Strict, Path=/', async () => {
  const cookie = { cookie: `${COOKIE}=${reader.token}` };
  for (const path of ['/api/v1/timelines/home', '/api/v1/accounts/verify_credentials', '/api/v1/notifications']) {
    const res = await fetch(`${rig.sirb.url}${path}`, { headers: cookie });
    assert.equal(res.status, 401, `${path} with the cookie alone`);
    assert.ok(typeof (await res.json()).error === 'string');
  }
  const posted = await fetch(`${rig.sirb.url}/api/v1/statuses`, { method: 'POST', headers: { ...cookie, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'forged' }) });
  assert.equal(posted.status, 401, 'no post with the cookie alone');

  const anonymous = await fetch(`${rig.sirb.url}/api/sirb/web_session`, { method: 'POST', headers: cookie });
  assert.equal(anonymous.status, 401);
  assert.ok(typeof (await anonymous.json()).error === 'string');
  assert.equal(anonymous.headers.get('set-cookie'), null);
  const bad = await fetch(`${rig.sirb.url}/api/sirb/web_session`, { method: 'POST', headers: { authorization: 'Bearer nope' } });
  assert.equal(bad.status, 401);

  const set = await fetch(`${rig.sirb.url}/api/sirb/web_session`, { method: 'POST', headers: { authorization: `Bearer ${reader.token}` } });
  assert.equal(set.status, 204);
  const setCookie = set.headers.get('set-cookie') ?? '';
  assert.match(setCookie, new RegExp(`^${COOKIE}=${reader.token};`));
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  assert.match(setCookie, /Path=\//);
  assert.doesNotMatch(setCookie, /Secure/, 'plain http here: Secure only over https');

  const cleared = await fetch(`${rig.sirb.url}/api/sirb/web_session`, { method: 'DELETE' });
  assert.equal(cleared.status, 204);
  assert.match(cleared.headers.get('set-cookie') ?? '', new RegExp(`^${COOKIE}=;.*Max-Age=0`));
});

test('in the browser: the app sets the cookie, home then comes rendered and is hydrated without asking for it again, the service worker keeps no personal page, and signing out leaves no trace', async () => {
  const context = await signedInContext(rig.browser, reader);
  const page = await context.newPage();
  const homeRequests: string[] = [];
  const warnings: string[] = [];
  page.on('request', (r) => new URL(r.url()).pathname === '/api/v1/timelines/home' && homeRequests.push(r.url()));
  page.on('console', (m) => (m.type() === 'warning' || m.type() === 'error') && warnings.push(m.text()));

  // First visit: no cookie yet, the app renders home itself and sets the cookie for next time.
  await page.goto(`${rig.front.origin}/`);
  await page.locator('article.status').nth(19).waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.ready.then(() => true));
  const setByApp = async () => (await context.cookies()).find((c) => c.name === COOKIE);
  for (let i = 0; i < 50 && !(await setByApp()); i++) await page.waitForTimeout(100);
  const cookie = await setByApp();
  assert.ok(cookie, 'the app set the web session cookie');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie.includes('sirb_web')), false, 'scripts cannot read it');

  // Next visit: home is in the HTML, and React takes it over without fetching it.
  homeRequests.length = 0;
  warnings.length = 0;
  await page.reload();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.sirbSsr), 'home');
  await page.locator('article.status').nth(19).waitFor();
  await page.waitForFunction(() => performance.getEntriesByName('sirb:first-page').length > 0);
  // Hydrated: the app answers clicks (the composer's counter follows typing).
  await page.locator('form.composer textarea').first().fill('تجربة');
  await page.waitForTimeout(500);
  // At most the live catch-up (since_id: what was posted after the page was rendered, asked for
  // once the stream connects); never the first page again.
  assert.ok(homeRequests.length <= 1, `home asked for ${homeRequests.length} times after a server render: ${homeRequests.join(' ')}`);
  assert.deepEqual(homeRequests.filter((url) => !new URL(url).searchParams.has('since_id')), [], 'the first page is not asked for again');
  assert.deepEqual(warnings.filter((w) => /hydrat/i.test(w)), [], 'hydration matched the HTML');
  assert.equal(await page.locator('article.status').count(), 20);

  // The service worker handled that navigation: its cache holds no personal page.
  const cachedPages = await page.evaluate(async () => {
    const pages: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        if ((response?.headers.get('content-type') ?? '').includes('text/html')) pages.push(await response!.text());
      }
    }
    return pages;
  });
  assert.ok(cachedPages.length > 0, 'the generic shell is cached for offline use');
  for (const html of cachedPages) {
    assert.ok(!html.includes('sirb-ssr') && !html.includes('<article'), 'no personal page in the service worker cache');
  }

  // Signing out clears the cookie: the next load carries nothing of the reader.
  await page.click('nav .link-button');
  await page.locator('dialog.confirm-sign-out button.sign-out-anyway').click();
  await page.waitForSelector('form.signup');
  assert.equal(await setByApp(), undefined, 'the cookie is gone');
  const response = await page.reload();
  assert.equal((await response!.text()).includes(said.at(-1)!), false);
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-sirb-ssr')), false);
  // The welcome page, whose public timeline may well show public posts: nobody's home.
  await page.waitForSelector('form.signup');
  assert.equal(await page.evaluate(() => localStorage.getItem('sirb.session')), null, 'signed out on this device too');
  await context.close();
});
