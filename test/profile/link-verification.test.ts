// rel=me verification of profile links: a page linking back verifies its field; others do not;
// private addresses are never fetched unless the operator allows them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';
import { until } from '../helpers/until.js';
import { hasRelMeTo } from '../../src/profile/link-verification.js';

/** A small web site whose pages the test sets. */
function site() {
  const pages = new Map<string, { status?: number; body?: string; location?: string }>();
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const page = pages.get(req.url ?? '') ?? { status: 404 };
    res.writeHead(page.status ?? 200, page.location ? { location: page.location } : { 'content-type': 'text/html' });
    res.end(page.body ?? '');
  });
  return { pages, hits, server, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('rel=me link verification (private links allowed, as in tests)', () => {
  const env = useTestServer({ verifyPrivateLinks: true });
  const web = site();
  before(() => new Promise<void>((resolve) => web.server.listen(0, '127.0.0.1', resolve)));
  after(() => new Promise<void>((resolve) => web.server.close(() => resolve())));

  test('a page with rel="me" back to the profile verifies its field; kept while the value stays', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const profile = `${env.server.url}/@${user.username}`;
    web.pages.set('/home', { body: `<html><head><link rel="me" href="${profile}"></head><body>hi</body></html>` });
    web.pages.set('/moved', { status: 301, location: '/home' });
    web.pages.set('/liar', { body: `<a href="${profile}">no rel</a><a rel="me" href="${env.server.url}/@someone_else">other</a>` });
    const res = await user.api.patch('/api/v1/accounts/update_credentials', {
      fields_attributes: { '0': { name: 'Home', value: `${web.url()}/home` }, '1': { name: 'Moved', value: `${web.url()}/moved` }, '2': { name: 'Liar', value: `${web.url()}/liar` }, '3': { name: 'Plain', value: 'text' } },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.fields[0].verified_at, null, 'checked after the answer');
    let fields: any[] = [];
    await until(async () => {
      fields = (await env.api.get(`/api/v1/accounts/${user.id}`)).body.fields;
      return fields[0].verified_at !== null && fields[1].verified_at !== null;
    }, 'the links to be verified');
    assert.match(fields[0].verified_at, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(fields[2].verified_at, null);
    assert.equal(fields[3].verified_at, null);
    const own = await user.api.get('/api/v1/accounts/verify_credentials');
    assert.equal(own.body.source.fields[0].verified_at, fields[0].verified_at);
    // Renamed but the same link: still verified; a changed link is not (until checked again).
    const renamed = await user.api.patch('/api/v1/accounts/update_credentials', { fields_attributes: { '0': { name: 'Website', value: `${web.url()}/home` }, '1': { name: 'Other', value: `${web.url()}/liar` } } });
    assert.equal(renamed.body.fields[0].verified_at, fields[0].verified_at);
    assert.equal(renamed.body.fields[1].verified_at, null);
  });

  test('the page check itself: rel tokens, quotes, entities; a different profile does not count', () => {
    const back = new Set(['https://sirb.example/@hind']);
    assert.equal(hasRelMeTo(`<a class="x" rel='nofollow me' href='https://sirb.example/@hind/'>`, back), true);
    assert.equal(hasRelMeTo(`<a rel=me href=https://sirb.example/@hind>`, back), true);
    assert.equal(hasRelMeTo(`<a rel="meh" href="https://sirb.example/@hind">`, back), false);
    assert.equal(hasRelMeTo(`<a rel="me" href="https://sirb.example/@hind2">`, back), false);
    assert.equal(hasRelMeTo(`<img rel="me" href="https://sirb.example/@hind">`, back), false);
  });
});

describe('rel=me link verification (default: public https only)', () => {
  const env = useTestServer();
  const web = site();
  before(() => new Promise<void>((resolve) => web.server.listen(0, '127.0.0.1', resolve)));
  after(() => new Promise<void>((resolve) => web.server.close(() => resolve())));

  test('a link to the server\'s own network is never fetched', async () => {
    const user = await createUser(env.api, undefined, env.app);
    web.pages.set('/home', { body: `<link rel="me" href="${env.server.url}/@${user.username}">` });
    const https = `https://127.0.0.1:${new URL(web.url()).port}/home`;
    const res = await user.api.patch('/api/v1/accounts/update_credentials', { fields_attributes: { '0': { name: 'a', value: `${web.url()}/home` }, '1': { name: 'b', value: https } } });
    assert.equal(res.status, 200);
    // Another update after it, then a read: a fetch, had there been one, would have been made by now.
    await user.api.patch('/api/v1/accounts/update_credentials', { note: 'later' });
    const fields = (await env.api.get(`/api/v1/accounts/${user.id}`)).body.fields;
    assert.deepEqual(fields.map((f: any) => f.verified_at), [null, null]);
    assert.deepEqual(web.hits, []);
  });
});
