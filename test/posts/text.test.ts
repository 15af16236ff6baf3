// What a post may say and how it comes back: the 280 weighted limit (twitter-text's count: Arabic and Latin letters weigh 1, CJK 2),
// hashtags, mentions and links parsed, and content as safe HTML.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createUser, type TestUser } from '../helpers/client.js';

describe('status text', () => {
  const env = useTestServer();
  let user: TestUser;

  before(async () => {
    user = await createUser(env.api, undefined, env.app);
  });

  test('280 Latin letters fit, 281 do not', async () => {
    assert.equal((await user.api.post('/api/v1/statuses', { status: 'a'.repeat(280) })).status, 200);
    const res = await user.api.post('/api/v1/statuses', { status: 'a'.repeat(281) });
    assert.equal(res.status, 422);
    assert.match(res.body.error, /280/);
  });

  test('280 Arabic letters fit, 281 are too long; 140 CJK characters fill a post (each weighs 2)', async () => {
    assert.equal((await user.api.post('/api/v1/statuses', { status: 'ب'.repeat(280) })).status, 200);
    assert.equal((await user.api.post('/api/v1/statuses', { status: '字'.repeat(140) })).status, 200);
    assert.equal((await user.api.post('/api/v1/statuses', { status: '字'.repeat(141) })).status, 422);
    const res = await user.api.post('/api/v1/statuses', { status: 'ب'.repeat(281) });
    assert.equal(res.status, 422);
    assert.ok(res.body.error);
  });

  test('empty, blank or missing text is 422', async () => {
    for (const body of [{ status: '' }, { status: '   \n ' }, {}, { status: null }]) {
      const res = await user.api.post('/api/v1/statuses', body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.ok(res.body.error);
    }
  });

  test('wrong types and values are 422: status as object, unknown visibility, bad language', async () => {
    assert.equal((await user.api.post('/api/v1/statuses', { status: { text: 'x' } })).status, 422);
    assert.equal((await user.api.post('/api/v1/statuses', { status: 'x', visibility: 'everyone' })).status, 422);
    assert.equal((await user.api.post('/api/v1/statuses', { status: 'x', language: 'arabic!' })).status, 422);
    assert.equal((await user.api.post('/api/v1/statuses', { status: 'x', media_ids: ['1'] })).status, 422);
  });

  test('Arabic hashtags are parsed, linked and listed in tags', async () => {
    const res = await user.api.post('/api/v1/statuses', { status: 'توقف الموقع مرة أخرى #تويتر_معطل #Outage' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.tags.map((t: any) => t.name).sort(), ['Outage', 'تويتر_معطل']);
    const tag = res.body.tags.find((t: any) => t.name === 'تويتر_معطل');
    assert.equal(tag.url, `${env.server.url}/tags/${encodeURIComponent('تويتر_معطل')}`);
    assert.match(res.body.content, /<a href="[^"]+" class="mention hashtag" rel="tag">#<span>تويتر_معطل<\/span><\/a>/);
  });

  test('a tag written with diacritics is the same tag as without', async () => {
    const a = await user.api.post('/api/v1/statuses', { status: '#تُوِيتَر_مُعطل' });
    assert.deepEqual(a.body.tags.map((t: any) => t.name), ['تويتر_معطل']);
  });

  test('mentions of local accounts become mention links and are listed', async () => {
    const friend = await createUser(env.api, 'mention_target', env.app);
    const res = await user.api.post('/api/v1/statuses', { status: 'مرحبا @mention_target و @nobody_here' });
    assert.deepEqual(res.body.mentions.map((m: any) => [m.id, m.acct]), [[friend.id, 'mention_target']]);
    assert.match(res.body.content, /class="u-url mention">@<span>mention_target<\/span><\/a>/);
    assert.match(res.body.content, /و @nobody_here/);
  });

  test('mentioning oneself links and lists the mention, without a notification', async () => {
    const me = await createUser(env.api, 'self_mentioner', env.app);
    const res = await me.api.post('/api/v1/statuses', { status: 'ملاحظة لنفسي @self_mentioner' });
    assert.deepEqual(res.body.mentions.map((m: any) => m.id), [me.id]);
    assert.match(res.body.content, /class="u-url mention">@<span>self_mentioner<\/span>/);
    assert.deepEqual((await me.api.get('/api/v1/notifications')).body, []);
  });

  test('links are linked; a link counts as 23 toward the limit', async () => {
    const url = `https://example.com/${'x'.repeat(300)}`;
    const res = await user.api.post('/api/v1/statuses', { status: `اقرأ ${url}` });
    assert.equal(res.status, 200);
    assert.match(res.body.content, /<a href="https:\/\/example\.com\/x+" target="_blank" rel="nofollow noopener noreferrer"/);
  });

  test('a <script> in the text comes back escaped', async () => {
    const res = await user.api.post('/api/v1/statuses', { status: '<script>alert(1)</script><img src=x onerror=alert(2)>' });
    assert.equal(res.status, 200);
    assert.ok(!res.body.content.includes('<script>'));
    assert.ok(!res.body.content.includes('<img'));
    assert.equal(res.body.content, '<p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</p>');
  });

  test('a spoiler makes the post sensitive; language is guessed from the script', async () => {
    const res = await user.api.post('/api/v1/statuses', { status: 'hello world', spoiler_text: 'تنبيه' });
    assert.equal(res.body.sensitive, true);
    assert.equal(res.body.spoiler_text, 'تنبيه');
    assert.equal(res.body.language, 'en');
  });

  test("a link to a server with no public domain (an address, a LAN name) is a link; the @name in its path is no mention", async () => {
    const friend = await createUser(env.api, 'lan_friend', env.app);
    const own = `${env.server.url}/@lan_friend/1234`;
    const res = await user.api.post('/api/v1/statuses', {
      status: `انظر ${own}، و http://sirb.local:8080/@lan_friend#top. و @lan_friend`,
    });
    assert.equal(res.status, 200);
    // Only the real mention at the end counts: one mention, one notification.
    assert.deepEqual(res.body.mentions.map((m: any) => m.id), [friend.id]);
    assert.ok(res.body.content.includes(`<a href="${own}" target="_blank"`), res.body.content);
    assert.ok(res.body.content.includes('<a href="http://sirb.local:8080/@lan_friend#top" target="_blank"'), res.body.content);
    assert.ok(res.body.content.includes('</a>، و'), 'the Arabic comma after a link stays outside it');
    const notifications = await friend.api.get('/api/v1/notifications?types[]=mention');
    assert.equal(notifications.body.filter((n: any) => n.status?.id === res.body.id).length, 1);
  });
});
