// Follower lists page by a cursor that must be unique: follows made in the same millisecond
// (bulk imports, a busy server) must neither repeat nor go missing across pages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { testClock } from '../helpers/clock.js';
import { Api, createApp, createUser, type ApiResponse, type TestUser } from '../helpers/client.js';

describe('follower pages with follows in one millisecond', () => {
  let server: TestServer;
  let api: Api;
  let star: TestUser;
  let fans: TestUser[];

  before(async () => {
    // The clock stands still: every follow is made at the same instant.
    server = await startTestServer({}, testClock(Date.UTC(2026, 10, 27, 12)));
    api = new Api(server.url);
    const app = await createApp(api);
    star = await createUser(api, undefined, app);
    fans = [];
    for (let i = 0; i < 5; i++) fans.push(await createUser(api, undefined, app));
    for (const fan of fans) await fan.api.post(`/api/v1/accounts/${star.id}/follow`);
  });
  after(() => server.close());

  test('following the next links visits every follower once', async () => {
    const seen: string[] = [];
    let path: string | undefined = `/api/v1/accounts/${star.id}/followers?limit=2`;
    for (let i = 0; path && i < 10; i++) {
      const res: ApiResponse = await api.get(path);
      assert.equal(res.status, 200);
      seen.push(...res.body.map((a: any) => a.id));
      if (res.body.length === 0) break;
      path = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1]?.replace(server.url, '');
    }
    assert.deepEqual([...seen].sort(), fans.map((f) => f.id).sort());
  });

  test('newest follow first', async () => {
    const res = await api.get(`/api/v1/accounts/${star.id}/followers`);
    assert.deepEqual(res.body.map((a: any) => a.id), fans.map((f) => f.id).reverse());
  });
});
