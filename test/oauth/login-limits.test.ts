// Failed sign-ins are limited per account and per IP, on the password grant and the sign-in page
// alike; a locked-out account refuses even the right password until the window ends (issue 10,
// finding 1). The counters live in the rate-limit store: memory, or Redis on PostgreSQL runs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../helpers/server.js';
import { Api, createApp, createUser, type TestApp, type TestUser } from '../helpers/client.js';
import { requestFrom } from '../helpers/from-address.js';
import { freshWindowClock } from '../helpers/clock.js';

function passwordGrant(url: string, from: string, app: TestApp, username: string, password: string) {
  return requestFrom(from, `${url}/oauth/token`, {
    body: { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username, password, scope: 'read' },
  });
}

async function signInPage(url: string, from: string, app: TestApp, login: string, password: string) {
  const params = { response_type: 'code', client_id: app.clientId, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read' };
  return requestFrom(from, `${url}/oauth/authorize`, { body: new URLSearchParams({ ...params, login, password }) });
}

describe('login failure limits', () => {
  test('305 wrong passwords for one account (from many addresses), then the right one is refused', async () => {
    // Default limits: 25 failures per account per hour, 25 per IP per 5 minutes.
    // A fresh hour: the account window is epoch-aligned, so one ending mid-test starts the count over.
    const server = await startTestServer({}, freshWindowClock(3600));
    try {
      const api = new Api(server.url);
      const user = await createUser(api);
      const other = await createUser(api);
      const app = await createApp(api);
      const counts = new Map<number, number>();
      for (let i = 0; i < 305; i++) {
        // Username and email name the same account: they share one count.
        const login = i % 2 ? user.username : user.email;
        const res = await passwordGrant(server.url, `127.0.1.${1 + (i % 20)}`, app, login, `wrong ${i}`);
        counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
        if (res.status === 429) {
          assert.ok(Number(res.headers['retry-after']) >= 1);
          assert.equal(typeof res.json.error, 'string');
        }
      }
      assert.deepEqual(Object.fromEntries(counts), { 400: 25, 429: 280 });
      const right = await passwordGrant(server.url, '127.0.2.1', app, user.username, user.password);
      assert.equal(right.status, 429);
      assert.ok(Number(right.headers['retry-after']) > 60);
      // The lock-out is that account's alone.
      assert.equal((await passwordGrant(server.url, '127.0.2.1', app, other.username, other.password)).status, 200);
    } finally {
      await server.close();
    }
  });

  test('the sign-in page and the password grant share the count; the page answers 429 in HTML', async () => {
    const server = await startTestServer({ loginLimits: { failuresPerAccount: 3, accountWindowSeconds: 3600, failuresPerIp: 100, ipWindowSeconds: 300 } }, freshWindowClock(3600));
    try {
      const api = new Api(server.url);
      const user: TestUser = await createUser(api);
      const app = await createApp(api);
      assert.equal((await passwordGrant(server.url, '127.0.3.1', app, user.username, 'wrong')).status, 400);
      assert.equal((await signInPage(server.url, '127.0.3.2', app, user.email, 'wrong')).status, 401);
      assert.equal((await passwordGrant(server.url, '127.0.3.3', app, user.username, 'wrong')).status, 400);
      const page = await signInPage(server.url, '127.0.3.4', app, user.username, user.password);
      assert.equal(page.status, 429);
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.ok(Number(page.headers['retry-after']) >= 1);
      assert.doesNotMatch(page.text, /id="code"/);
      assert.equal((await passwordGrant(server.url, '127.0.3.5', app, user.username, user.password)).status, 429);
    } finally {
      await server.close();
    }
  });

  test('one address trying many accounts is stopped there, and only there', async () => {
    const server = await startTestServer({ loginLimits: { failuresPerAccount: 100, accountWindowSeconds: 3600, failuresPerIp: 5, ipWindowSeconds: 300 } }, freshWindowClock(3600));
    try {
      const api = new Api(server.url);
      const user = await createUser(api);
      const app = await createApp(api);
      for (let i = 0; i < 5; i++) {
        assert.equal((await passwordGrant(server.url, '127.0.4.1', app, `nobody${i}`, 'guess')).status, 400);
      }
      const blocked = await passwordGrant(server.url, '127.0.4.1', app, user.username, user.password);
      assert.equal(blocked.status, 429);
      assert.equal((await signInPage(server.url, '127.0.4.1', app, user.username, user.password)).status, 429);
      assert.equal((await passwordGrant(server.url, '127.0.4.2', app, user.username, user.password)).status, 200);
    } finally {
      await server.close();
    }
  });

  test('a stranger cannot lock an account out where it signs in from (the status prober)', async () => {
    const server = await startTestServer({ loginLimits: { failuresPerAccount: 3, accountWindowSeconds: 3600, failuresPerIp: 100, ipWindowSeconds: 300 } }, freshWindowClock(3600));
    try {
      const api = new Api(server.url);
      const prober = await createUser(api);
      const app = await createApp(api);
      assert.equal((await passwordGrant(server.url, '127.0.6.1', app, prober.username, prober.password)).status, 200);
      for (let i = 0; i < 10; i++) await passwordGrant(server.url, '127.0.6.2', app, prober.username, `guess ${i}`);
      // Locked for everyone else, the right password included…
      assert.equal((await passwordGrant(server.url, '127.0.6.2', app, prober.username, prober.password)).status, 429);
      assert.equal((await passwordGrant(server.url, '127.0.6.3', app, prober.username, prober.password)).status, 429);
      // …but not where the account signed in from before, on the page or the grant.
      assert.equal((await passwordGrant(server.url, '127.0.6.1', app, prober.username, prober.password)).status, 200);
      assert.equal((await signInPage(server.url, '127.0.6.1', app, prober.username, prober.password)).status, 200);
    } finally {
      await server.close();
    }
  });

  test('successful sign-ins are not failures: an account may sign in often', async () => {
    const server = await startTestServer({ loginLimits: { failuresPerAccount: 2, accountWindowSeconds: 3600, failuresPerIp: 2, ipWindowSeconds: 300 } }, freshWindowClock(3600));
    try {
      const api = new Api(server.url);
      const user = await createUser(api);
      const app = await createApp(api);
      for (let i = 0; i < 6; i++) assert.equal((await passwordGrant(server.url, '127.0.5.1', app, user.username, user.password)).status, 200);
    } finally {
      await server.close();
    }
  });
});
