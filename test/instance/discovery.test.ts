// What clients ask before they call the API (issue 12): NodeInfo, host-meta, WebFinger, OAuth
// server metadata and /health, as JSON (or XML) and never the web app's page; and megalodon, the
// library behind two desktop apps, recognising the server from them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detector } from 'megalodon';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';

describe('discovery', () => {
  const env = useTestServer();

  test('NodeInfo: links, 2.0 and 2.1 documents, with Sirb named and Mastodon as its upstream', async () => {
    const links = await env.api.request('GET', '/.well-known/nodeinfo', undefined, { accept: 'text/html' });
    assert.equal(links.status, 200);
    assert.match(links.headers.get('content-type') ?? '', /json/);
    const hrefs = links.body.links.map((l: any) => l.href);
    assert.deepEqual(hrefs, [`${env.server.url}/nodeinfo/2.0`, `${env.server.url}/nodeinfo/2.1`]);
    await createUser(env.api).then((u) => u.api.post('/api/v1/statuses', { status: 'مرحبا' }));
    for (const version of ['2.0', '2.1']) {
      const doc = await env.api.get(`/nodeinfo/${version}`);
      assert.equal(doc.status, 200);
      assert.equal(doc.body.version, version);
      assert.equal(doc.body.software.name, 'sirb');
      assert.equal(doc.body.metadata.upstream.name, 'mastodon');
      assert.ok(doc.body.usage.users.total >= 1 && doc.body.usage.users.activeMonth >= 1);
      assert.ok(doc.body.usage.localPosts >= 1);
      assert.equal(typeof doc.body.openRegistrations, 'boolean');
    }
  });

  test("megalodon's detector (Whalebird, Fedistar) takes Sirb for a Mastodon server", async () => {
    assert.equal(await detector(env.server.url), 'mastodon');
  });

  test('WebFinger finds local accounts by acct: and by profile URL, 404 for others, 400 without a resource', async () => {
    const user = await createUser(env.api);
    const host = new URL(env.server.url).host;
    for (const resource of [`acct:${user.username}@${host}`, `${user.username}@${host}`, `${env.server.url}/@${user.username}`]) {
      const res = await env.api.get(`/.well-known/webfinger?resource=${encodeURIComponent(resource)}`);
      assert.equal(res.status, 200, resource);
      assert.equal(res.body.subject, `acct:${user.username}@${host}`);
      assert.equal(res.body.links[0].href, `${env.server.url}/@${user.username}`);
    }
    for (const resource of [`acct:${user.username}@elsewhere.example`, 'acct:nobody_here@' + host, 'acct:']) {
      const res = await env.api.get(`/.well-known/webfinger?resource=${encodeURIComponent(resource)}`);
      assert.equal(res.status, 404, resource);
      assert.equal(typeof res.body.error, 'string');
    }
    const missing = await env.api.get('/.well-known/webfinger');
    assert.equal(missing.status, 400);
    assert.equal(typeof missing.body.error, 'string');
  });

  test('host-meta points at WebFinger; OAuth metadata says S256 PKCE; /health says OK', async () => {
    const hostMeta = await fetch(`${env.server.url}/.well-known/host-meta`);
    assert.equal(hostMeta.status, 200);
    assert.match(hostMeta.headers.get('content-type') ?? '', /xrd\+xml/);
    assert.match(await hostMeta.text(), /\/\.well-known\/webfinger\?resource=\{uri\}/);
    const oauth = await env.api.get('/.well-known/oauth-authorization-server');
    assert.equal(oauth.status, 200);
    assert.deepEqual(oauth.body.code_challenge_methods_supported, ['S256']);
    assert.equal(oauth.body.authorization_endpoint, `${env.server.url}/oauth/authorize`);
    assert.equal(oauth.body.token_endpoint, `${env.server.url}/oauth/token`);
    const health = await fetch(`${env.server.url}/health`);
    assert.equal(health.status, 200);
    assert.equal(await health.text(), 'OK');
  });

  test('unknown /.well-known, /nodeinfo and /api paths are JSON 404s, even when a browser asks', async () => {
    for (const path of ['/.well-known/nothing', '/nodeinfo/9.9', '/api/v1/nothing', '/api/v1/instance/nothing/']) {
      const res = await env.api.request('GET', path, undefined, { accept: 'text/html,*/*' });
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /json/, path);
      assert.equal(typeof res.body.error, 'string', path);
    }
  });
});
