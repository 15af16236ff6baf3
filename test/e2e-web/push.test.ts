// Push notifications in the web app (issue 12): turned on in Settings (Arabic), the browser's
// subscription goes to the server with the server's VAPID key; a mention is pushed encrypted to
// a push endpoint run by this test, which decrypts it and hands it to the page's service worker
// (DevTools' ServiceWorker.deliverPushMessage); the worker shows it right to left. Headless
// Chromium has no push service offline, so PushManager's subscribe/getSubscription are replaced
// by fakes advertising this test's key pair. A click on the notification opens the notifications;
// turning off and signing out remove the server's copy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
// @ts-expect-error http_ece ships no types
import ece from 'http_ece';
import { Api, createUser, type TestUser } from '../helpers/client.js';
import { waitFor } from '../helpers/wait.js';
import { Sirb, artifacts, signedInContext, closeWebRig, startWebRig, type WebRig } from './harness.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let reader: TestUser;
let writer: TestUser;
let pushService: http.Server;
let pushUrl: string;
const received: Received[] = [];

/** The browser side of a subscription: its ECDH key pair and auth secret (what the fake advertises). */
function browserKeys() {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  return { ecdh, p256dh: ecdh.getPublicKey().toString('base64url'), auth: crypto.randomBytes(16).toString('base64url') };
}
type Keys = ReturnType<typeof browserKeys>;

function decrypt(message: Received, keys: Keys): Record<string, string> {
  assert.equal(message.headers['content-encoding'], 'aes128gcm', 'the web app subscribes as a standard (RFC 8291) client');
  return JSON.parse(ece.decrypt(message.body, { version: 'aes128gcm', privateKey: keys.ecdh, authSecret: keys.auth }).toString('utf8'));
}

before(async () => {
  ({ sirb, front, browser } = await startWebRig({ pushPrivateEndpoints: true }));
  const api = new Api(sirb.url);
  reader = await createUser(api);
  writer = await createUser(api);
  pushService = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => pushService.listen(0, '127.0.0.1', resolve));
  pushUrl = `http://127.0.0.1:${(pushService.address() as AddressInfo).port}`;
});

after(async () => {
  await closeWebRig({ sirb, front, browser });
  await new Promise<void>((resolve) => pushService?.close(() => resolve()));
});

/** A signed-in context whose PushManager hands out a subscription to this test's push endpoint. */
async function pushContext(locale: 'ar' | 'en', endpoint: string, keys: Keys): Promise<BrowserContext> {
  const context = await signedInContext(browser, reader, locale);
  await context.grantPermissions(['notifications'], { origin: front.origin });
  // Given as source text: tsx would wrap a function's inner arrows in a helper the page lacks.
  await context.addInitScript(`(() => {
    const { endpoint, p256dh, auth } = ${JSON.stringify({ endpoint, p256dh: keys.p256dh, auth: keys.auth })};
    const KEY = 'sirb.test.push-server-key';
    const fake = () => ({
      endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true },
      getKey: () => null,
      toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }),
      unsubscribe: async () => {
        localStorage.removeItem(KEY);
        localStorage.setItem('sirb.test.push-unsubscribed', String(Number(localStorage.getItem('sirb.test.push-unsubscribed') ?? 0) + 1));
        return true;
      },
    });
    // The key the app subscribed with, kept so the test can check it is the server's VAPID key.
    PushManager.prototype.subscribe = async (options) => {
      localStorage.setItem(KEY, btoa(String.fromCharCode(...new Uint8Array(options.applicationServerKey))));
      return fake();
    };
    PushManager.prototype.getSubscription = async () => (localStorage.getItem(KEY) ? fake() : null);
  })();`);
  return context;
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.waitForFunction(() => document.fonts.status === 'loaded', null, { timeout: 3000, polling: 100 }).catch(() => {});
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function waitForState(page: Page, state: string): Promise<void> {
  await page.locator(`.push-state[data-state="${state}"]`).waitFor({ timeout: 30_000 });
}

type Shown = { title: string; body: string; dir: string; lang: string; tag: string; icon: string; url: string };

/**
 * What the push service would hand the browser, delivered to the service worker until it shows
 * it: on a loaded machine a delivery made while the worker is still starting can be lost, and a
 * real push service retries too. Delivering again is harmless (the notification's tag replaces it).
 */
async function deliverUntilShown(page: Page, cdp: Awaited<ReturnType<BrowserContext['newCDPSession']>>, id: string, payload: unknown): Promise<Shown[]> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  for (let attempt = 1; ; attempt++) {
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: front.origin, registrationId: id, data: JSON.stringify(payload) });
    try {
      return await waitFor(
        () =>
          page.evaluate(async () => {
            const list = await (await navigator.serviceWorker.ready).getNotifications();
            return list.length ? list.map((n) => ({ title: n.title, body: n.body, dir: n.dir, lang: n.lang, tag: n.tag, icon: n.icon, url: (n.data as { url: string }).url })) : null;
          }),
        { what: 'the notification the service worker shows', timeout: 6_000 },
      );
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

/** The page's service worker registration id, from DevTools' ServiceWorker domain. */
async function registrationId(context: BrowserContext, page: Page): Promise<{ cdp: Awaited<ReturnType<BrowserContext['newCDPSession']>>; id: string }> {
  const cdp = await context.newCDPSession(page);
  const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
  await cdp.send('ServiceWorker.enable');
  const found = await waitFor(() => registrations.find((r) => r.scopeURL === `${front.origin}/` && !r.isDeleted), { what: 'the service worker registration' });
  return { cdp, id: found.registrationId };
}

test('turned on in Settings (Arabic), a mention is pushed encrypted and shown right to left by the service worker', async () => {
  const keys = browserKeys();
  const context = await pushContext('ar', `${pushUrl}/ar-device`, keys);
  const page = await context.newPage();
  await page.goto(`${front.origin}/settings/push`);
  await waitForState(page, 'off');
  assert.equal((await page.locator('.push-switch').textContent())?.trim(), 'الإشعارات الفورية على هذا الجهاز');
  assert.equal(await page.locator('.push-settings').evaluate((el) => getComputedStyle(el).direction), 'rtl');
  assert.equal(await page.locator('nav.settings-nav a[aria-current="page"]').textContent(), 'الإشعارات الفورية');

  await page.locator('.push-switch input').click();
  await waitForState(page, 'on');
  assert.equal(await page.locator('.push-state').textContent(), 'مفعّلة: يستلم هذا الجهاز الإشعارات.');
  const server = await reader.api.get('/api/v1/push/subscription');
  assert.equal(server.status, 200);
  assert.equal(server.body.endpoint, `${pushUrl}/ar-device`);
  assert.equal(server.body.alerts.mention, true);
  assert.equal(server.body.policy, 'all');
  const instance = await reader.api.get('/api/v2/instance');
  const usedKey = await page.evaluate(() => localStorage.getItem('sirb.test.push-server-key'));
  assert.equal(Buffer.from(usedKey!, 'base64').toString('base64url'), instance.body.configuration.vapid.public_key, 'subscribed with the server key');

  // A choice changed while on is saved at once.
  await page.locator('.push-alerts input[name="favourite"]').click();
  await page.locator('.push-settings p[role="status"].muted', { hasText: 'حُفظ' }).waitFor();
  assert.equal((await reader.api.get('/api/v1/push/subscription')).body.alerts.favourite, false);
  await shot(page, 'push-settings-ar');

  await writer.api.post('/api/v1/statuses', { status: `@${reader.username} مساء الخير من سرب` });
  const message = await waitFor(() => received.find((m) => m.path === '/ar-device'), { what: 'the mention pushed to the device', timeout: 30_000 });
  const payload = decrypt(message, keys);
  assert.equal(payload.notification_type, 'mention');
  assert.equal(payload.preferred_locale, 'ar');
  assert.match(payload.title, /أشار إليك/);
  assert.match(payload.body, /مساء الخير من سرب/);

  // What the push service would hand the browser, delivered to the service worker.
  const { cdp, id } = await registrationId(context, page);
  const shown = await deliverUntilShown(page, cdp, id, payload);
  assert.equal(shown.length, 1);
  assert.equal(shown[0].title, payload.title);
  assert.equal(shown[0].body, payload.body);
  assert.equal(shown[0].dir, 'rtl');
  assert.equal(shown[0].lang, 'ar');
  assert.equal(shown[0].tag, `sirb-notification-${payload.notification_id}`);
  assert.equal(shown[0].url, '/notifications');

  // A click on it (dispatched inside the worker: DevTools cannot click a system notification)
  // brings the open tab to the notifications.
  const worker = context.serviceWorkers().find((w) => w.url() === `${front.origin}/sw.js`) ?? (await context.waitForEvent('serviceworker'));
  await worker.evaluate(async () => {
    const sw = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(e: Event): boolean };
    const [notification] = await sw.registration.getNotifications();
    const Click = (self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }).NotificationEvent;
    sw.dispatchEvent(new Click('notificationclick', { notification }));
  });
  await page.waitForURL(`${front.origin}/notifications`);
  await page.locator('.push-settings').waitFor({ state: 'detached' });
  await context.close();
});

test('English labels; turning off removes the server subscription; signing out removes it too', async () => {
  const keys = browserKeys();
  const context = await pushContext('en', `${pushUrl}/en-device`, keys);
  const page = await context.newPage();
  await page.goto(`${front.origin}/settings/push`);
  // The account's subscription is another browser's (the Arabic test): push is off on this one.
  await waitForState(page, 'off');
  assert.equal((await page.locator('.push-switch').textContent())?.trim(), 'Push notifications on this device');
  assert.equal(await page.locator('.push-state').textContent(), 'Off.');
  assert.equal(await page.locator('.push-policy legend').textContent(), 'From whom');
  assert.equal(await page.locator('.push-settings').evaluate((el) => getComputedStyle(el).direction), 'ltr');

  await page.locator('.push-policy input[value="followed"]').check();
  await page.locator('.push-switch input').click();
  await waitForState(page, 'on');
  assert.equal(await page.locator('.push-state').textContent(), 'On: this device gets notifications.');
  const on = await reader.api.get('/api/v1/push/subscription');
  assert.equal(on.body.endpoint, `${pushUrl}/en-device`);
  assert.equal(on.body.policy, 'followed');
  await shot(page, 'push-settings-en');

  // An English reader's notification is left to the system's direction, in English.
  const { cdp, id } = await registrationId(context, page);
  const english = { notification_id: '987', notification_type: 'follow', preferred_locale: 'en', title: 'Salma followed you', body: 'Poet from Muscat', icon: '' };
  const [first] = await deliverUntilShown(page, cdp, id, english);
  const shown = { title: first.title, body: first.body, dir: first.dir, lang: first.lang, tag: first.tag };
  assert.deepEqual(shown, { title: 'Salma followed you', body: 'Poet from Muscat', dir: 'auto', lang: 'en', tag: 'sirb-notification-987' });

  await page.locator('.push-switch input').click();
  await waitForState(page, 'off');
  assert.equal((await reader.api.get('/api/v1/push/subscription')).status, 404, 'turning off deletes the server subscription');
  assert.equal(await page.evaluate(() => localStorage.getItem('sirb.test.push-unsubscribed')), '1');

  await page.locator('.push-switch input').click();
  await waitForState(page, 'on');
  assert.equal((await reader.api.get('/api/v1/push/subscription')).status, 200);
  await page.click('nav .link-button');
  await page.click('dialog.confirm-sign-out[open] button.sign-out-anyway');
  await page.waitForSelector('form.signup');
  // The test session saved no app registration, so the token outlives sign-out and can look.
  assert.equal((await reader.api.get('/api/v1/push/subscription')).status, 404, 'signing out deletes the server subscription');
  assert.equal(await page.evaluate(() => localStorage.getItem('sirb.test.push-server-key')), null, 'and the browser one');
  await context.close();
});
