// GET /api/v1/trends/links: a link trends by growth against its own baseline (as tags do), counted
// from public posts by accounts in good standing only, ranked per viewer without the accounts
// they block, are blocked by or mute; Mastodon's Trends::Link shape, read by masto.js too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { testClock, type TestClock } from '../helpers/clock.js';
import { Api, createApp, createPost, createUser, type TestUser } from '../helpers/client.js';

const DAY = 86_400_000;
// Noon UTC, so a whole test day stays inside one UTC day.
const NOON = Math.floor(Date.now() / DAY) * DAY + 12 * 3_600_000;
const ALWAYS = 'https://akhbar.example.com/daily';
const OUTAGE = 'https://status.example.com/outage?id=7';
const PRIVATE = 'https://secret.example.com/plan';
const BANNED = 'https://spam.example.com/offer';
const FEW = 'https://small.example.com/three';

describe('trending links', () => {
  let server: TestServer;
  let clock: TestClock;
  let api: Api;
  let regulars: TestUser[];
  let newcomers: TestUser[];
  let trio: TestUser[];
  let viewer: TestUser;

  before(async () => {
    clock = testClock(NOON);
    server = await startTestServer({}, clock);
    api = new Api(server.url);
    const app = await createApp(api);
    const make = async (n: number, prefix: string) => {
      const out: TestUser[] = [];
      for (let i = 0; i < n; i++) out.push(await createUser(api, `${prefix}${i}`, app));
      return out;
    };
    regulars = await make(4, 'lregular');
    newcomers = await make(5, 'lnewcomer');
    trio = await make(3, 'ltrio');
    const spammers = await make(3, 'lspammer');
    viewer = (await make(1, 'lviewer'))[0];
    // Four accounts share the same daily link every day of the last eight: it never trends.
    for (let day = 7; day >= 0; day--) {
      for (const [i, user] of regulars.entries()) {
        clock.set(NOON - day * DAY + i * 1000);
        await createPost(user, `أخبار اليوم ${ALWAYS}`);
      }
    }
    // Yesterday one account shared the outage link; today five do, one of them twice (with a
    // fragment, which is not part of the link counted).
    clock.set(NOON - DAY + 60_000);
    await createPost(newcomers[0], `انقطاع ${OUTAGE}`);
    for (const [i, user] of newcomers.entries()) {
      clock.set(NOON + 60_000 + i * 1000);
      await createPost(user, `توقف الخدمة ${OUTAGE}`);
    }
    clock.set(NOON + 70_000);
    await createPost(newcomers[1], `مرة أخرى ${OUTAGE}#details`);
    // Followers-only posts never make a link trend.
    for (const [i, user] of newcomers.entries()) {
      clock.set(NOON + 80_000 + i * 1000);
      await createPost(user, `بيننا ${PRIVATE}`, { visibility: 'private' });
    }
    // Three accounts, suspended after: their link does not trend.
    for (const [i, user] of spammers.entries()) {
      clock.set(NOON + 90_000 + i * 1000);
      await createPost(user, `عرض ${BANNED}`);
    }
    for (const user of spammers) assert.ok(await server.ctx.accounts.suspendAccount(Number(user.id)));
    // Exactly three voices: trends, unless the viewer's ties take one away.
    for (const [i, user] of trio.entries()) {
      clock.set(NOON + 100_000 + i * 1000);
      await createPost(user, `رابط ${FEW}`);
    }
    clock.set(NOON + 3_600_000);
  });
  after(() => server?.close());

  const urls = async (who: Api) => {
    const res = await who.get('/api/v1/trends/links');
    assert.equal(res.status, 200);
    return (res.body as { url: string }[]).map((l) => l.url);
  };

  test('growth over the baseline trends; a daily link, followers-only posts and suspended authors do not', async () => {
    assert.deepEqual(await urls(api), [OUTAGE, FEW]);
  });

  test('Mastodon’s Trends::Link shape, with the 7-day history, through masto.js', async () => {
    const masto = createRestAPIClient({ url: server.url });
    const [link] = await masto.v1.trends.links.list({ limit: 1 });
    assert.equal(link.url, OUTAGE);
    assert.equal(link.type, 'link');
    // Its page gave no card (example.com is not fetched here): empty texts, no image.
    assert.equal(link.title, '');
    assert.equal(link.description, '');
    assert.equal(link.image, null);
    assert.equal(link.history.length, 7);
    const today = String(Math.floor(NOON / DAY) * 86_400);
    assert.deepEqual(link.history[0], { day: today, accounts: '5', uses: '6' });
    assert.deepEqual(link.history[1], { day: String(Number(today) - 86_400), accounts: '1', uses: '1' });
    const raw = (await api.get('/api/v1/trends/links?limit=1')).body[0];
    for (const key of ['author_name', 'author_url', 'provider_name', 'provider_url', 'html', 'embed_url', 'blurhash', 'width', 'height', 'authors']) assert.ok(key in raw, key);
    assert.deepEqual((await api.get('/api/v1/trends/links?offset=1')).body.map((l: { url: string }) => l.url), [FEW]);
    assert.equal((await api.get('/api/v1/trends/links?limit=0')).status, 400);
  });

  test('a viewer’s blocks (either way) and mutes take those accounts’ voices away', async () => {
    assert.deepEqual(await urls(viewer.api), [OUTAGE, FEW]);
    assert.equal((await viewer.api.post(`/api/v1/accounts/${trio[0].id}/block`)).status, 200);
    assert.deepEqual(await urls(viewer.api), [OUTAGE], 'two voices left: not a trend for the viewer');
    assert.deepEqual(await urls(api), [OUTAGE, FEW], 'still one for everyone else');
    // Blocked by one of them, or muting one: the same.
    const other = await createUser(api, 'lother', await createApp(api));
    assert.equal((await trio[1].api.post(`/api/v1/accounts/${other.id}/block`)).status, 200);
    assert.deepEqual(await urls(other.api), [OUTAGE]);
    const third = await createUser(api, 'lthird', await createApp(api));
    assert.equal((await third.api.post(`/api/v1/accounts/${trio[2].id}/mute`)).status, 200);
    assert.deepEqual(await urls(third.api), [OUTAGE]);
  });

  test('an edit that takes the link out takes its voice away; putting it back returns it', async () => {
    const mine = (await trio[0].api.get(`/api/v1/accounts/${trio[0].id}/statuses?limit=1`)).body[0];
    assert.equal((await trio[0].api.request('PUT', `/api/v1/statuses/${mine.id}`, { status: 'رابط محذوف' })).status, 200);
    // Trends are computed again at most every 30 s.
    clock.advance(60_000);
    assert.deepEqual(await urls(api), [OUTAGE], 'two voices left after the edit');
    assert.equal((await trio[0].api.request('PUT', `/api/v1/statuses/${mine.id}`, { status: `رابط ${FEW}` })).status, 200);
    clock.advance(60_000);
    assert.deepEqual(await urls(api), [OUTAGE, FEW]);
  });
});
