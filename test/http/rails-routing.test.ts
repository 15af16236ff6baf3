// Routing as Mastodon's Rails does it (issue 12): a trailing slash names the same endpoint, and a
// repeated parameter takes its last value, while `name[]` stays a list.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';

describe('routing like Rails', () => {
  const env = useTestServer();

  test('trailing slashes: instance, conversations, the sign-in page', async () => {
    const instance = await env.api.get('/api/v1/instance/');
    assert.equal(instance.status, 200);
    assert.equal(typeof instance.body.version, 'string');
    const user = await createUser(env.api);
    assert.equal((await user.api.get('/api/v1/conversations/')).status, 200);
    assert.equal((await user.api.get('/api/v1/timelines/home/')).status, 200);
    const page = await fetch(`${env.server.url}/oauth/authorize/?client_id=${env.app.clientId}&redirect_uri=urn:ietf:wg:oauth:2.0:oob&response_type=code&scope=read`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /html/);
    await page.arrayBuffer();
  });

  test('a repeated parameter takes its last value; id[] stays a list', async () => {
    const user = await createUser(env.api);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await user.api.post('/api/v1/statuses', { status: `post ${i}` })).body.id);
    const page = await user.api.get(`/api/v1/accounts/${user.id}/statuses?limit=1&max_id=${ids[3]}&limit=2`);
    assert.equal(page.status, 200);
    assert.deepEqual(page.body.map((s: any) => s.id), [ids[2], ids[1]]);
    const many = await user.api.get(`/api/v1/accounts/relationships?id[]=${user.id}&id[]=${user.id}`);
    assert.equal(many.status, 200);
    assert.ok(Array.isArray(many.body));
  });
});
