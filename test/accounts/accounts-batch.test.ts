// `GET /api/v1/accounts?id[]=` (issue 12): several accounts at once, unknown, malformed and
// suspended ids left out, more than 40 a 422; `/api/v1/accounts/:id` still answers one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';

const env = useTestServer();

test('several accounts by id, in the order asked, without the unknown or suspended', async () => {
  const [a, b, c] = [await createUser(env.api, undefined, env.app), await createUser(env.api, undefined, env.app), await createUser(env.api, undefined, env.app)];
  await env.server.ctx.db.kysely.updateTable('accounts').set({ suspended_at: Date.now() }).where('id', '=', Number(c.id)).execute();
  const answer = await env.api.as(undefined).get(`/api/v1/accounts?id[]=${b.id}&id[]=999999&id[]=abc&id[]=${a.id}&id[]=${c.id}&id[]=${b.id}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.deepEqual(answer.body.map((x: { id: string }) => x.id), [b.id, a.id]);
  assert.equal(answer.body[0].username, b.username);
  assert.deepEqual((await a.api.get(`/api/v1/accounts?id=${a.id}`)).body.map((x: { id: string }) => x.id), [a.id]);
  assert.deepEqual((await a.api.get('/api/v1/accounts')).body, []);
  assert.deepEqual((await a.api.get('/api/v1/accounts/')).body, []);
  assert.equal((await a.api.get(`/api/v1/accounts/${a.id}`)).body.id, a.id);

  const many = Array.from({ length: 41 }, (_, i) => `id[]=${i + 1}`).join('&');
  const tooMany = await a.api.get(`/api/v1/accounts?${many}`);
  assert.equal(tooMany.status, 422);
  assert.equal(typeof tooMany.body.error, 'string');

  const masto = createRestAPIClient({ url: env.server.url, accessToken: a.token });
  const fetched = await masto.v1.accounts.fetch({ id: [a.id, b.id] });
  assert.deepEqual(fetched.map((x) => x.id), [a.id, b.id]);
});
