// Who the client is: X-Forwarded-For counts only when it comes from a configured proxy
// (SIRB_TRUST_PROXY), so a made-up header buys no fresh per-IP allowance (issue 10, finding 1).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, parseTrustProxy } from '../../src/config.js';
import { startTestServer } from '../helpers/server.js';
import { Api, createApp, createUser } from '../helpers/client.js';
import { randomIp, requestFrom } from '../helpers/from-address.js';
import { freshWindowClock } from '../helpers/clock.js';

const signUp = (i: number) => ({ username: `xff${i}_${process.pid}`, email: `xff${i}_${process.pid}@example.test`, password: 'correct horse battery', agreement: true });

describe('X-Forwarded-For', () => {
  test('a made-up X-Forwarded-For buys no fresh sign-up allowance', async () => {
    const server = await startTestServer({ rateLimit: { perWindow: 1000, registrationsPerWindow: 2, windowSeconds: 300 } }, freshWindowClock(300));
    try {
      const app = await createApp(new Api(server.url));
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const res = await requestFrom('127.0.0.2', `${server.url}/api/v1/accounts`, {
          headers: { authorization: `Bearer ${app.appToken}`, 'x-forwarded-for': randomIp() },
          body: signUp(i),
        });
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [200, 200, 429]);
    } finally {
      await server.close();
    }
  });

  test('a made-up X-Forwarded-For does not lift the per-IP limit on the password grant', async () => {
    const server = await startTestServer({ rateLimit: { perWindow: 6, registrationsPerWindow: 100, windowSeconds: 300 } }, freshWindowClock(300));
    try {
      const api = new Api(server.url);
      const user = await createUser(api);
      const app = await createApp(api);
      const statuses = [];
      for (let i = 0; i < 7; i++) {
        const res = await requestFrom('127.0.0.3', `${server.url}/oauth/token`, {
          headers: { 'x-forwarded-for': randomIp() },
          body: { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.username, password: user.password },
        });
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429]);
    } finally {
      await server.close();
    }
  });

  test('SIRB_TRUST_PROXY names the proxies whose X-Forwarded-For counts, and only those', async () => {
    const server = await startTestServer({ trustProxy: ['127.0.0.4'], rateLimit: { perWindow: 1000, registrationsPerWindow: 1, windowSeconds: 300 } }, freshWindowClock(300));
    try {
      const app = await createApp(new Api(server.url));
      const headers = (xff: string) => ({ authorization: `Bearer ${app.appToken}`, 'x-forwarded-for': xff });
      // Through the trusted proxy, each client has its own allowance…
      const viaProxy = [];
      for (let i = 0; i < 3; i++) viaProxy.push((await requestFrom('127.0.0.4', `${server.url}/api/v1/accounts`, { headers: headers(`198.51.100.${i + 1}`), body: signUp(i) })).status);
      assert.deepEqual(viaProxy, [200, 200, 200]);
      // …and a header the client itself added (leftmost) does not change who it is.
      const spoofed = await requestFrom('127.0.0.4', `${server.url}/api/v1/accounts`, { headers: headers(`${randomIp()}, 198.51.100.1`), body: signUp(3) });
      assert.equal(spoofed.status, 429);
      // From anywhere else the header is ignored.
      const direct = [];
      for (let i = 10; i < 12; i++) direct.push((await requestFrom('127.0.0.5', `${server.url}/api/v1/accounts`, { headers: headers(randomIp()), body: signUp(i) })).status);
      assert.deepEqual(direct, [200, 429]);
    } finally {
      await server.close();
    }
  });

  test('a hop count trusts that many proxies in front of the app', async () => {
    const server = await startTestServer({ trustProxy: 1, rateLimit: { perWindow: 1000, registrationsPerWindow: 1, windowSeconds: 300 } }, freshWindowClock(300));
    try {
      const app = await createApp(new Api(server.url));
      const headers = (xff: string) => ({ authorization: `Bearer ${app.appToken}`, 'x-forwarded-for': xff });
      const statuses = [];
      for (let i = 0; i < 2; i++) statuses.push((await requestFrom('127.0.0.6', `${server.url}/api/v1/accounts`, { headers: headers(`203.0.113.${i + 1}`), body: signUp(20 + i) })).status);
      // The proxy appended the client's address last; what the client sent before it is no one.
      statuses.push((await requestFrom('127.0.0.6', `${server.url}/api/v1/accounts`, { headers: headers(`${randomIp()}, 203.0.113.1`), body: signUp(22) })).status);
      assert.deepEqual(statuses, [200, 200, 429]);
    } finally {
      await server.close();
    }
  });

  test('SIRB_TRUST_PROXY parses as none, a hop count or a list, and refuses anything else', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(parseTrustProxy(''), false);
    assert.equal(parseTrustProxy('0'), false);
    assert.equal(parseTrustProxy('false'), false);
    assert.equal(parseTrustProxy('2'), 2);
    assert.deepEqual(parseTrustProxy('10.0.0.0/8, ::1,loopback'), ['10.0.0.0/8', '::1', 'loopback']);
    for (const bad of ['true', '10.0.0.0/33', 'proxy.example', '1.2.3.4/8/1', '::1/129']) {
      assert.throws(() => parseTrustProxy(bad), /SIRB_TRUST_PROXY/, bad);
    }
  });
});
