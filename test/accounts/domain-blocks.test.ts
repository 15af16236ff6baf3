// A user's domain blocks (issue 12): stored, listed as strings newest first with Link paging,
// idempotent, removed; bad domains are 422 JSON. They change nothing shown (every account here is
// local). Driven over HTTP, by masto.js and by megalodon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import generator from 'megalodon';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';

const env = useTestServer();

test('domain blocks are stored, paged by Link, removed; bad input is 422', async () => {
  const me = await createUser(env.api, undefined, env.app);
  const other = await createUser(env.api, undefined, env.app);
  for (const domain of ['spam.example', 'Bad.Example.', 'third.example']) {
    const answer = await me.api.post('/api/v1/domain_blocks', { domain });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body, {});
  }
  // Twice is once; form-encoded and query-string parameters work as Rails reads them.
  assert.equal((await me.api.post('/api/v1/domain_blocks', new URLSearchParams({ domain: 'spam.example' }))).status, 200);
  assert.equal((await me.api.post('/api/v1/domain_blocks?domain=xn--mgbh0fb.example')).status, 200);
  const all = await me.api.get('/api/v1/domain_blocks');
  assert.deepEqual(all.body, ['xn--mgbh0fb.example', 'third.example', 'bad.example', 'spam.example']);
  assert.deepEqual((await other.api.get('/api/v1/domain_blocks')).body, []);

  const first = await me.api.get('/api/v1/domain_blocks?limit=2');
  assert.deepEqual(first.body, ['xn--mgbh0fb.example', 'third.example']);
  const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
  assert.ok(next, first.headers.get('link') ?? 'no Link');
  assert.deepEqual((await me.api.get(new URL(next).pathname + new URL(next).search)).body, ['bad.example', 'spam.example']);

  for (const domain of [undefined, '', 'not a domain', 'https://x.example/path', 'a..b', '-x.example', 'x'.repeat(300)]) {
    const answer = await me.api.post('/api/v1/domain_blocks', domain === undefined ? {} : { domain });
    assert.equal(answer.status, domain !== undefined && domain.length > 300 ? 400 : 422, String(domain));
    assert.equal(typeof answer.body.error, 'string');
  }
  assert.equal((await env.api.as(undefined).get('/api/v1/domain_blocks')).status, 401);

  assert.deepEqual((await me.api.request('DELETE', '/api/v1/domain_blocks', { domain: 'spam.example' })).body, {});
  const byQuery = await me.api.delete('/api/v1/domain_blocks?domain=third.example');
  assert.equal(byQuery.status, 200, JSON.stringify(byQuery.body));
  assert.equal((await me.api.delete('/api/v1/domain_blocks')).status, 422);
  assert.deepEqual((await me.api.get('/api/v1/domain_blocks')).body, ['xn--mgbh0fb.example', 'bad.example']);
});

test('masto.js and megalodon block, list and unblock domains', async () => {
  const me = await createUser(env.api, undefined, env.app);
  const masto = createRestAPIClient({ url: env.server.url, accessToken: me.token });
  await masto.v1.domainBlocks.create({ domain: 'one.example' });
  await masto.v1.domainBlocks.create({ domain: 'two.example' });
  assert.deepEqual(await masto.v1.domainBlocks.list(), ['two.example', 'one.example']);
  await masto.v1.domainBlocks.remove({ domain: 'two.example' });
  assert.deepEqual(await masto.v1.domainBlocks.list(), ['one.example']);

  const client = generator('mastodon', env.server.url, me.token);
  await client.blockDomain('three.example');
  assert.deepEqual((await client.getDomainBlocks()).data, ['three.example', 'one.example']);
  await client.unblockDomain('one.example');
  assert.deepEqual((await client.getDomainBlocks()).data, ['three.example']);
});
