// End to end with a real Mastodon client library (masto.js): if masto can drive Sirb, so can
// the apps built on it. Uses masto's own calls wherever it has them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOAuthAPIClient, createRestAPIClient, type mastodon } from 'masto';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('a masto.js client registers, follows, posts in Arabic, favourites, reblogs, replies, searches and reads notifications', async () => {
  const url = server.url;
  const anonymous = createRestAPIClient({ url });

  const app = await anonymous.v1.apps.create({ clientName: 'masto e2e', redirectUris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push', website: 'https://example.test' });
  assert.ok(app.clientId && app.clientSecret);
  const oauth = createOAuthAPIClient({ url });
  const appToken = await oauth.token.create({ grantType: 'client_credentials', redirectUri: 'urn:ietf:wg:oauth:2.0:oob', clientId: app.clientId!, clientSecret: app.clientSecret!, scope: 'read write follow push' });
  const asApp = createRestAPIClient({ url, accessToken: appToken.accessToken });
  assert.equal((await asApp.v1.apps.verifyCredentials()).name, 'masto e2e');

  const register = async (username: string): Promise<mastodon.rest.Client> => {
    const token = await asApp.v1.accounts.create({ username, email: `${username}@example.test`, password: 'correct horse battery', agreement: true, locale: 'ar' });
    return createRestAPIClient({ url, accessToken: token.accessToken });
  };
  const layla = await register('layla');
  const omar = await register('omar');
  const laylaAccount = await layla.v1.accounts.verifyCredentials();
  const omarAccount = await omar.v1.accounts.verifyCredentials();
  assert.equal(laylaAccount.username, 'layla');

  // A password-grant token works too, through masto's OAuth client.
  const byPassword = await oauth.token.create({ grantType: 'password', redirectUri: 'urn:ietf:wg:oauth:2.0:oob', clientId: app.clientId!, clientSecret: app.clientSecret!, username: 'omar@example.test', password: 'correct horse battery', scope: 'read' });
  assert.equal((await createRestAPIClient({ url, accessToken: byPassword.accessToken }).v1.accounts.verifyCredentials()).id, omarAccount.id);

  const relationship = await omar.v1.accounts.$select(laylaAccount.id).follow();
  assert.equal(relationship.following, true);
  const [rel] = await omar.v1.accounts.relationships.fetch({ id: [laylaAccount.id] });
  assert.equal(rel.following, true);
  assert.equal((await omar.v1.accounts.lookup({ acct: 'layla' })).id, laylaAccount.id);

  const post = await layla.v1.statuses.create({ status: 'للمرة الثانية خلال 24 ساعة، توقف موقع تُوِيتَر عن العمل #تويتر_معطل', language: 'ar' });
  assert.deepEqual(post.tags.map((t) => t.name), ['تويتر_معطل']);
  assert.match(post.content, /class="mention hashtag"/);

  const home = await omar.v1.timelines.home.list({ limit: 20 });
  assert.equal(home[0].id, post.id);
  const tagTimeline = await anonymous.v1.timelines.tag.$select('تويتر_معطل').list();
  assert.deepEqual(tagTimeline.map((s) => s.id), [post.id]);

  const favourited = await omar.v1.statuses.$select(post.id).favourite();
  assert.equal(favourited.favourited, true);
  assert.equal(favourited.favouritesCount, 1);
  const reblog = await omar.v1.statuses.$select(post.id).reblog();
  assert.equal(reblog.reblog?.id, post.id);
  const reply = await omar.v1.statuses.create({ status: '@layla نعم، لم أستطع تسجيل الدخول', inReplyToId: post.id });
  assert.equal(reply.inReplyToId, post.id);
  assert.deepEqual(reply.mentions.map((m) => m.acct), ['layla']);
  const context = await anonymous.v1.statuses.$select(post.id).context.fetch();
  assert.deepEqual(context.descendants.map((s) => s.id), [reply.id]);
  assert.deepEqual((await anonymous.v1.statuses.$select(post.id).favouritedBy.list()).map((a) => a.id), [omarAccount.id]);

  // Search without the diacritics the post was written with.
  const results = await omar.v2.search.list({ q: 'تويتر', type: 'statuses' });
  assert.ok(results.statuses.some((s) => s.id === post.id));
  const tags = await omar.v2.search.list({ q: 'تويتر_معطل', type: 'hashtags' });
  assert.deepEqual(tags.hashtags.map((t) => t.name), ['تويتر_معطل']);

  const notifications = await layla.v1.notifications.list();
  assert.deepEqual(notifications.map((n) => n.type), ['mention', 'reblog', 'favourite', 'follow']);
  assert.ok(notifications.every((n) => n.account.id === omarAccount.id));
  const onlyFollows = await layla.v1.notifications.list({ types: ['follow'] });
  assert.deepEqual(onlyFollows.map((n) => n.type), ['follow']);

  // Paginating with masto follows the Link header.
  for (let i = 0; i < 4; i++) await layla.v1.statuses.create({ status: `تحديث رقم ${i}` });
  const pages: string[][] = [];
  for await (const page of omar.v1.timelines.home.list({ limit: 2 })) {
    pages.push(page.map((s) => s.id));
    if (pages.length > 10) break;
  }
  const seen = pages.flat();
  assert.equal(seen.length, 7, JSON.stringify(pages));
  assert.equal(new Set(seen).size, seen.length);

  const instance = await anonymous.v2.instance.fetch();
  assert.match(instance.version, /^4\.3\.0 \(compatible; Sirb /);

  await layla.v1.statuses.$select(post.id).remove();
  await assert.rejects(anonymous.v1.statuses.$select(post.id).fetch(), (error: any) => error.statusCode === 404);
});

test('masto.js: profile edits (multipart), bookmarks, markers, trends and notification housekeeping', async () => {
  const url = server.url;
  const oauth = createOAuthAPIClient({ url });
  const anonymous = createRestAPIClient({ url });
  const app = await anonymous.v1.apps.create({ clientName: 'masto e2e 2', redirectUris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push' });
  const appToken = await oauth.token.create({ grantType: 'client_credentials', redirectUri: 'urn:ietf:wg:oauth:2.0:oob', clientId: app.clientId!, clientSecret: app.clientSecret!, scope: 'read write follow push' });
  const asApp = createRestAPIClient({ url, accessToken: appToken.accessToken });
  const register = async (username: string) => {
    const token = await asApp.v1.accounts.create({ username, email: `${username}@example.test`, password: 'correct horse battery', agreement: true, locale: 'ar' });
    return createRestAPIClient({ url, accessToken: token.accessToken });
  };
  const hind = await register('hind');
  const sami = await register('sami');

  const updated = await hind.v1.accounts.updateCredentials({ displayName: 'هند', note: 'صحفية تقنية', source: { privacy: 'unlisted', language: 'ar' } });
  assert.equal(updated.displayName, 'هند');
  assert.equal(updated.source?.privacy, 'unlisted');
  assert.equal(updated.source?.note, 'صحفية تقنية');

  const hindAccount = await hind.v1.accounts.verifyCredentials();
  await sami.v1.accounts.$select(hindAccount.id).follow();
  assert.deepEqual((await anonymous.v1.accounts.$select(hindAccount.id).followers.list()).map((a) => a.username), ['sami']);

  const post = await hind.v1.statuses.create({ status: 'وأظهرت صفحة API على تويتر مشاكل في أغلب أجزاء الموقع', visibility: 'public' });
  const bookmarked = await sami.v1.statuses.$select(post.id).bookmark();
  assert.equal(bookmarked.bookmarked, true);
  assert.deepEqual((await sami.v1.bookmarks.list()).map((s) => s.id), [post.id]);
  assert.deepEqual((await anonymous.v1.accounts.$select(hindAccount.id).statuses.list()).map((s) => s.id), [post.id]);

  const saved = await sami.v1.markers.create({ home: { lastReadId: post.id } });
  assert.equal(saved.home?.lastReadId, post.id);
  assert.equal((await sami.v1.markers.fetch({ timeline: ['home'] })).home?.lastReadId, post.id);

  assert.ok(Array.isArray(await anonymous.v1.trends.tags.list()));

  await sami.v1.statuses.$select(post.id).favourite();
  const [favourite, follow] = await hind.v1.notifications.list();
  assert.equal(favourite.type, 'favourite');
  assert.equal(follow.type, 'follow');
  await hind.v1.notifications.$select(favourite.id).dismiss();
  assert.deepEqual((await hind.v1.notifications.list()).map((n) => n.id), [follow.id]);
  await hind.v1.notifications.clear();
  assert.deepEqual(await hind.v1.notifications.list(), []);
});


test('masto.js: following a locked account is a request until the account authorizes it', async () => {
  const url = server.url;
  const oauth = createOAuthAPIClient({ url });
  const anonymous = createRestAPIClient({ url });
  const app = await anonymous.v1.apps.create({ clientName: 'masto e2e 3', redirectUris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push' });
  const appToken = await oauth.token.create({ grantType: 'client_credentials', redirectUri: 'urn:ietf:wg:oauth:2.0:oob', clientId: app.clientId!, clientSecret: app.clientSecret!, scope: 'read write follow push' });
  const asApp = createRestAPIClient({ url, accessToken: appToken.accessToken });
  const register = async (username: string) => {
    const token = await asApp.v1.accounts.create({ username, email: `${username}@example.test`, password: 'correct horse battery', agreement: true, locale: 'ar' });
    return createRestAPIClient({ url, accessToken: token.accessToken });
  };
  const nour = await register('nour');
  const karim = await register('karim');
  const locked = await nour.v1.accounts.updateCredentials({ locked: true });
  assert.equal(locked.locked, true);
  const karimAccount = await karim.v1.accounts.verifyCredentials();
  const secret = await nour.v1.statuses.create({ status: 'لمتابعيّ فقط', visibility: 'private' });

  const asked = await karim.v1.accounts.$select(locked.id).follow();
  assert.equal(asked.requested, true);
  assert.equal(asked.following, false);
  await assert.rejects(karim.v1.statuses.$select(secret.id).fetch(), (error: any) => error.statusCode === 404);
  assert.deepEqual((await nour.v1.followRequests.list()).map((a) => a.id), [karimAccount.id]);
  assert.equal((await nour.v1.accounts.verifyCredentials()).source?.followRequestsCount, 1);
  assert.deepEqual((await nour.v1.notifications.list()).map((n) => n.type), ['follow_request']);

  const authorized = await nour.v1.followRequests.$select(karimAccount.id).authorize();
  assert.equal(authorized.followedBy, true);
  assert.equal((await karim.v1.statuses.$select(secret.id).fetch()).id, secret.id);
});
