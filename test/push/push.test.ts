// Web Push end to end (issue 12): a real push endpoint run by the test receives what Sirb sends,
// checks the VAPID signature's key, and decrypts the payload with the subscription's private key
// (RFC 8291 aes128gcm, and the older aesgcm Mastodon still sends by default).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error http_ece ships no types
import ece from 'http_ece';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, type TestUser } from '../helpers/client.js';
import { waitFor } from '../helpers/wait.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A push service: records every request, answers with the next queued status (201 when none). */
async function pushEndpoint() {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answers.shift() ?? 201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, answers, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A browser's side of a subscription: its ECDH key pair and auth secret. */
function browserKeys() {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = crypto.randomBytes(16);
  return { ecdh, p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') };
}

function decrypt(message: Received, keys: ReturnType<typeof browserKeys>): any {
  const encoding = message.headers['content-encoding'];
  if (encoding === 'aes128gcm') return JSON.parse(ece.decrypt(message.body, { version: 'aes128gcm', privateKey: keys.ecdh, authSecret: keys.auth }).toString('utf8'));
  assert.equal(encoding, 'aesgcm');
  const dh = /dh=([^;,]+)/.exec(String(message.headers['crypto-key']))![1];
  const salt = /salt=([^;,]+)/.exec(String(message.headers.encryption))![1];
  return JSON.parse(ece.decrypt(message.body, { version: 'aesgcm', privateKey: keys.ecdh, dh, salt, authSecret: keys.auth }).toString('utf8'));
}

describe('Web Push', () => {
  let server: TestServer;
  let api: Api;
  let push: Awaited<ReturnType<typeof pushEndpoint>>;
  let alice: TestUser;
  let bader: TestUser;

  before(async () => {
    server = await startTestServer({ pushPrivateEndpoints: true });
    api = new Api(server.url);
    push = await pushEndpoint();
    const app = await createApp(api);
    alice = await createUser(api, undefined, app);
    bader = await createUser(api, undefined, app);
  });
  after(async () => {
    await server.close();
    await push.close();
  });

  test('subscribe, read, update and delete; the server key is the same VAPID key that signs', async () => {
    const keys = browserKeys();
    const none = await alice.api.get('/api/v1/push/subscription');
    assert.equal(none.status, 404);
    assert.equal(none.body.error, 'Record not found');
    const created = await alice.api.post('/api/v1/push/subscription', {
      subscription: { endpoint: `${push.url}/crud`, keys: { p256dh: keys.p256dh, auth: keys.auth } },
      data: { alerts: { mention: true, follow: 'true' }, policy: 'all' },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.endpoint, `${push.url}/crud`);
    assert.equal(created.body.alerts.mention, true);
    assert.equal(created.body.alerts.follow, true);
    assert.equal(created.body.alerts.favourite, false);
    assert.equal(created.body.policy, 'all');
    assert.equal(Buffer.from(created.body.server_key, 'base64url').length, 65);
    const again = await alice.api.get('/api/v1/push/subscription');
    assert.deepEqual(again.body, created.body);
    const updated = await alice.api.request('PUT', '/api/v1/push/subscription', { data: { alerts: { favourite: true }, policy: 'followed' } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.alerts.favourite, true);
    assert.equal(updated.body.alerts.mention, true, 'alerts not named stay as they were');
    assert.equal(updated.body.policy, 'followed');
    assert.deepEqual((await alice.api.delete('/api/v1/push/subscription')).body, {});
    assert.equal((await alice.api.get('/api/v1/push/subscription')).status, 404);
  });

  test('a mention is pushed encrypted (aes128gcm and aesgcm), in the recipient\'s language, with VAPID', async () => {
    for (const standard of [true, false]) {
      const keys = browserKeys();
      const path = `/mention-${standard}`;
      const res = await alice.api.post('/api/v1/push/subscription', {
        subscription: { endpoint: `${push.url}${path}`, keys: { p256dh: keys.p256dh, auth: keys.auth }, standard },
        data: { alerts: { mention: true } },
      });
      const serverKey = res.body.server_key;
      await bader.api.post('/api/v1/statuses', { status: `@${alice.username} صباح الخير يا صديقي` });
      const message = await waitFor(() => push.received.find((m) => m.path === path), { what: `a push to ${path}` });
      assert.match(String(message.headers.authorization), /^(vapid t=|WebPush )/);
      const vapidKey = /(?:\bk|p256ecdsa)=([A-Za-z0-9_-]+)/.exec(`${message.headers.authorization} ${message.headers['crypto-key']}`)?.[1];
      assert.equal(vapidKey, serverKey, `signed with the key the API gives clients: ${message.headers.authorization} / ${message.headers["crypto-key"]}`);
      const payload = decrypt(message, keys);
      assert.equal(payload.notification_type, 'mention');
      assert.equal(payload.preferred_locale, 'ar');
      assert.match(payload.title, /أشار إليك/);
      assert.match(payload.body, /صباح الخير يا صديقي/);
      assert.ok(payload.notification_id);
      await alice.api.delete('/api/v1/push/subscription');
    }
  });

  test('alerts and policy decide what is pushed', async () => {
    const keys = browserKeys();
    await alice.api.post('/api/v1/push/subscription', {
      subscription: { endpoint: `${push.url}/policy`, keys: { p256dh: keys.p256dh, auth: keys.auth }, standard: true },
      data: { alerts: { mention: true, favourite: false }, policy: 'followed' },
    });
    const own = await alice.api.post('/api/v1/statuses', { status: 'منشور' });
    await bader.api.post(`/api/v1/statuses/${own.body.id}/favourite`);
    await bader.api.post('/api/v1/statuses', { status: `@${alice.username} not followed yet` });
    await alice.api.post(`/api/v1/accounts/${bader.id}/follow`);
    await bader.api.post('/api/v1/statuses', { status: `@${alice.username} now followed` });
    const message = await waitFor(() => push.received.find((m) => m.path === '/policy'), { what: 'the followed mention' });
    assert.match(decrypt(message, keys).body, /now followed/);
    assert.equal(push.received.filter((m) => m.path === '/policy').length, 1, 'no favourite, no mention from someone not followed');
    await alice.api.delete('/api/v1/push/subscription');
  });

  test('a push service that says gone (410) ends the subscription; a 500 is retried', async () => {
    const keys = browserKeys();
    await alice.api.post('/api/v1/push/subscription', {
      subscription: { endpoint: `${push.url}/flaky`, keys: { p256dh: keys.p256dh, auth: keys.auth }, standard: true },
      data: { alerts: { mention: true } },
    });
    push.answers.push(500);
    await bader.api.post('/api/v1/statuses', { status: `@${alice.username} one` });
    await waitFor(() => push.received.filter((m) => m.path === '/flaky').length === 2, { timeout: 10_000, what: 'the retry after a 500' });
    push.answers.push(410);
    await bader.api.post('/api/v1/statuses', { status: `@${alice.username} two` });
    await waitFor(async () => (await alice.api.get('/api/v1/push/subscription')).status === 404, { what: 'the subscription dropped after 410' });
  });

  test('bad input: no push scope, an http or private endpoint (by default), bad keys, a bad policy', async () => {
    const keys = browserKeys();
    const readOnly = await createUser(api, undefined, await createApp(api, 'read write'));
    const body = (endpoint: string, p256dh = keys.p256dh, policy = 'all') => ({ subscription: { endpoint, keys: { p256dh, auth: keys.auth } }, data: { policy } });
    const noScope = await readOnly.api.post('/api/v1/push/subscription', body(`${push.url}/x`));
    assert.equal(noScope.status, 403);
    assert.equal((await api.post('/api/v1/push/subscription', body(`${push.url}/x`))).status, 401);
    for (const [input, status] of [
      [body('not a url'), 422],
      [body('ftp://push.example/x'), 422],
      [body(`${push.url}/x`, 'short'), 422],
      [body(`${push.url}/x`, keys.p256dh, 'everyone'), 422],
      [{ subscription: { endpoint: `${push.url}/x` } }, 422],
    ] as const) {
      const res = await alice.api.post('/api/v1/push/subscription', input);
      assert.equal(res.status, status, JSON.stringify(input));
      assert.equal(typeof res.body.error, 'string');
    }
    const strict = await startTestServer();
    try {
      const someone = await createUser(new Api(strict.url));
      for (const endpoint of [`${push.url}/x`, 'https://127.0.0.1/x', 'https://10.1.2.3/x', 'https://[::1]/x']) {
        const res = await someone.api.post('/api/v1/push/subscription', body(endpoint));
        assert.equal(res.status, 422, endpoint);
      }
    } finally {
      await strict.close();
    }
  });
});

test('apps and the v2 instance carry the same VAPID public key as subscriptions', async () => {
  const server = await startTestServer();
  try {
    const api = new Api(server.url);
    const app = await api.post('/api/v1/apps', { client_name: 'push client', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read push' });
    const instance = await api.get('/api/v2/instance');
    assert.equal(Buffer.from(app.body.vapid_key, 'base64url').length, 65);
    assert.equal(instance.body.configuration.vapid.public_key, app.body.vapid_key);
  } finally {
    await server.close();
  }
});

test('masto.js subscribes, reads, updates and unsubscribes', async () => {
  const { createRestAPIClient } = await import('masto');
  const server = await startTestServer({ pushPrivateEndpoints: true });
  try {
    const user = await createUser(new Api(server.url));
    const masto = createRestAPIClient({ url: server.url, accessToken: user.token });
    const keys = browserKeys();
    const created = await masto.v1.push.subscription.create({
      subscription: { endpoint: 'http://127.0.0.1:9/masto', keys: { p256dh: keys.p256dh, auth: keys.auth } },
      data: { alerts: { mention: true, follow: true } },
      policy: 'follower',
    });
    assert.equal(created.alerts.mention, true);
    assert.equal(created.policy, 'follower');
    assert.equal((await masto.v1.push.subscription.fetch()).id, created.id);
    const updated = await masto.v1.push.subscription.update({ data: { alerts: { favourite: true } } });
    assert.equal(updated.alerts.favourite, true);
    await masto.v1.push.subscription.remove();
    await assert.rejects(masto.v1.push.subscription.fetch(), (error: any) => error.statusCode === 404);
  } finally {
    await server.close();
  }
});
