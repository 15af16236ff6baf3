// Status edits as Mastodon 4.3 makes them (issue 12): PUT /api/v1/statuses/:id, /history and
// /source; bad input answered 4xx with JSON; mentions, tags and search follow the new text;
// timelines show the edit at once (render cache); reblogs show it; `update` notifications.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';

describe('status edits', () => {
  const env = useTestServer();
  const user = () => createUser(env.api, undefined, env.app);
  const put = (who: TestUser, id: string, body: unknown) => who.api.request('PUT', `/api/v1/statuses/${id}`, body);

  test('an edit changes the status, sets edited_at, and keeps every revision, the original first', async () => {
    const alice = await user();
    const posted = await createPost(alice, 'النص الأول');
    assert.equal(posted.edited_at, null);
    const history0 = await env.api.get(`/api/v1/statuses/${posted.id}/history`);
    assert.equal(history0.status, 200);
    assert.equal(history0.body.length, 1, 'a status never edited has its one revision');
    assert.equal(history0.body[0].created_at, posted.created_at);

    const edited = await put(alice, posted.id, { status: 'النص الثاني', spoiler_text: 'تنبيه', language: 'ar' });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.id, posted.id);
    assert.equal(edited.body.content, '<p>النص الثاني</p>');
    assert.equal(edited.body.spoiler_text, 'تنبيه');
    assert.equal(edited.body.sensitive, true, 'a content warning makes it sensitive');
    assert.ok(edited.body.edited_at && edited.body.edited_at >= posted.created_at);
    assert.equal((await env.api.get(`/api/v1/statuses/${posted.id}`)).body.content, '<p>النص الثاني</p>');

    const again = await put(alice, posted.id, { status: 'third text' });
    assert.equal(again.status, 200);
    assert.equal(again.body.spoiler_text, '', 'what the client leaves out is cleared, as on Mastodon');
    assert.equal(again.body.sensitive, false);
    assert.equal(again.body.language, 'ar', 'no language keeps the status’s');

    const history = await env.api.get(`/api/v1/statuses/${posted.id}/history`);
    assert.deepEqual(history.body.map((e: { content: string }) => e.content), ['<p>النص الأول</p>', '<p>النص الثاني</p>', '<p>third text</p>']);
    assert.deepEqual(history.body.map((e: { spoiler_text: string }) => e.spoiler_text), ['', 'تنبيه', '']);
    assert.equal(history.body[0].created_at, posted.created_at);
    assert.equal(history.body[2].account.id, alice.id);
    assert.deepEqual(Object.keys(history.body[0]).sort(), ['account', 'content', 'created_at', 'emojis', 'media_attachments', 'sensitive', 'spoiler_text']);

    const source = await alice.api.get(`/api/v1/statuses/${posted.id}/source`);
    assert.deepEqual(source.body, { id: posted.id, text: 'third text', spoiler_text: '' });

    // The same again changes nothing: no revision, edited_at stays.
    const same = await put(alice, posted.id, { status: 'third text', language: 'ar' });
    assert.equal(same.status, 200);
    assert.equal(same.body.edited_at, again.body.edited_at);
    assert.equal((await env.api.get(`/api/v1/statuses/${posted.id}/history`)).body.length, 3);
  });

  test('bad edits are answered 4xx with JSON', async () => {
    const alice = await user();
    const bob = await user();
    const posted = await createPost(alice, 'hello');
    const secret = await createPost(alice, 'for followers', { visibility: 'private' });
    const check = async (res: { status: number; body: { error?: unknown } }, status: number, what: string) => {
      assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
      assert.equal(typeof res.body.error, 'string', what);
    };
    await check(await put(alice, posted.id, { status: '   ' }), 422, 'empty');
    await check(await alice.api.request('PUT', `/api/v1/statuses/${posted.id}`), 422, 'no body at all');
    await check(await put(alice, posted.id, { status: 'x'.repeat(501) }), 422, 'too long');
    await check(await put(alice, posted.id, { status: 'ok', media_ids: ['123456789'] }), 422, 'unknown media');
    await check(await put(alice, posted.id, { status: 'ok', language: 'not a language' }), 422, 'bad language');
    // Polls can be edited (test/polls/edit-poll.test.ts).
    await check(await put(bob, posted.id, { status: 'mine now' }), 404, 'someone else’s');
    await check(await put(bob, secret.id, { status: 'mine now' }), 404, 'someone else’s hidden one');
    await check(await put(alice, '999999999999', { status: 'x' }), 404, 'unknown');
    await check(await env.api.request('PUT', `/api/v1/statuses/${posted.id}`, { status: 'x' }), 401, 'signed out');
    await check(await env.api.get(`/api/v1/statuses/${secret.id}/history`), 404, 'history of a hidden one');
    await check(await bob.api.get(`/api/v1/statuses/${secret.id}/source`), 404, 'source of a hidden one');
    await check(await env.api.get(`/api/v1/statuses/${posted.id}/source`), 401, 'source signed out');
    const reblog = await alice.api.post(`/api/v1/statuses/${posted.id}/reblog`);
    await check(await put(alice, reblog.body.id, { status: 'x' }), 422, 'a reblog');
    assert.equal((await env.api.get(`/api/v1/statuses/${posted.id}`)).body.content, '<p>hello</p>', 'nothing changed');
    assert.equal((await env.api.get(`/api/v1/statuses/${posted.id}/history`)).body.length, 1);
  });

  test('new mentions are notified, tags and search follow the new text', async () => {
    const alice = await user();
    const bob = await user();
    const carol = await user();
    const posted = await createPost(alice, `hi @${bob.username} #قديم`, { visibility: 'private' });
    const edited = await put(alice, posted.id, { status: `hi @${carol.username} #جديد zanzibarword` });
    assert.equal(edited.status, 200);
    assert.deepEqual(edited.body.mentions.map((m: { id: string }) => m.id), [carol.id]);
    assert.deepEqual(edited.body.tags.map((t: { name: string }) => t.name), ['جديد']);
    const mentionsOf = async (who: TestUser) => (await who.api.get('/api/v1/notifications?types[]=mention')).body.filter((n: { status?: { id: string } }) => n.status?.id === posted.id);
    assert.equal((await mentionsOf(carol)).length, 1, 'carol is newly mentioned');
    assert.equal((await mentionsOf(bob)).length, 1, 'bob was told once, when first mentioned');
    // Taken out, bob keeps seeing it (a silent mention, as on Mastodon).
    assert.equal((await bob.api.get(`/api/v1/statuses/${posted.id}`)).status, 200);
    await put(alice, posted.id, { status: `hi @${carol.username} again` });
    assert.equal((await mentionsOf(carol)).length, 1, 'not told twice');

    const pub = await createPost(alice, 'a post about #قديم');
    await put(alice, pub.id, { status: 'a post about #جديد uniqueqwerty' });
    const tagged = async (tag: string) => (await env.api.get(`/api/v1/timelines/tag/${encodeURIComponent(tag)}`)).body.map((s: { id: string }) => s.id);
    assert.ok((await tagged('جديد')).includes(pub.id));
    assert.ok(!(await tagged('قديم')).includes(pub.id));
    const found = await alice.api.get('/api/v2/search?type=statuses&q=uniqueqwerty');
    assert.deepEqual(found.body.statuses.map((s: { id: string }) => s.id), [pub.id]);
  });

  test('timelines and reblogs show the edit at once (the render cache hears it)', async () => {
    const alice = await user();
    const bob = await user();
    const reader = await user();
    await bob.api.post(`/api/v1/accounts/${alice.id}/follow`);
    await reader.api.post(`/api/v1/accounts/${bob.id}/follow`);
    const posted = await createPost(alice, 'before the edit');
    await bob.api.post(`/api/v1/statuses/${posted.id}/reblog`);
    // The post as a page shows it, on its own or inside a reblog.
    type Shown = { id: string; content: string; edited_at: string | null; reblog: Shown | null };
    const shown = (page: Shown[]) => page.map((s) => s.reblog ?? s).find((s) => s.id === posted.id)!;
    // Warm: each page read twice, so its bytes are cached.
    for (let i = 0; i < 2; i++) {
      assert.equal(shown((await bob.api.get('/api/v1/timelines/home')).body).content, '<p>before the edit</p>');
      assert.equal((await reader.api.get('/api/v1/timelines/home')).body[0].reblog.content, '<p>before the edit</p>');
      await env.api.get('/api/v1/timelines/public');
    }
    await put(alice, posted.id, { status: 'after the edit' });
    assert.equal(shown((await bob.api.get('/api/v1/timelines/home')).body).content, '<p>after the edit</p>');
    const viaReblog = (await reader.api.get('/api/v1/timelines/home')).body[0];
    assert.equal(viaReblog.reblog.content, '<p>after the edit</p>');
    assert.ok(viaReblog.reblog.edited_at);
    const pub = (await env.api.get('/api/v1/timelines/public')).body.find((s: { id: string }) => s.id === posted.id);
    assert.equal(pub.content, '<p>after the edit</p>');
  });

  test('those who reblogged get one `update` notification, unless muting or blocked', async () => {
    const alice = await user();
    const [bob, carol, dave, erin] = [await user(), await user(), await user(), await user()];
    const posted = await createPost(alice, 'to be boosted');
    for (const who of [bob, carol, dave, erin]) assert.equal((await who.api.post(`/api/v1/statuses/${posted.id}/reblog`)).status, 200);
    await carol.api.post(`/api/v1/accounts/${alice.id}/mute`);
    await alice.api.post(`/api/v1/accounts/${dave.id}/block`);
    await erin.api.post(`/api/v1/statuses/${posted.id}/mute`);
    await put(alice, posted.id, { status: 'boosted, then edited' });
    await put(alice, posted.id, { status: 'boosted, then edited twice' });
    const updates = async (who: TestUser) => (await who.api.get('/api/v1/notifications?types[]=update')).body;
    const bobs = await updates(bob);
    assert.equal(bobs.length, 1, 'the newest replaces the last');
    assert.equal(bobs[0].type, 'update');
    assert.equal(bobs[0].account.id, alice.id);
    assert.equal(bobs[0].status.content, '<p>boosted, then edited twice</p>');
    for (const who of [carol, dave, erin]) assert.deepEqual(await updates(who), [], who.username);
    const stored = await env.server.ctx.db.kysely.selectFrom('notifications').select('account_id').where('type', '=', 'update').where('status_id', '=', Number(posted.id)).execute();
    assert.deepEqual(stored.map((n) => String(n.account_id)), [bob.id], 'none written for those who may not be told');
    assert.deepEqual(await updates(alice), [], 'no one is told of their own edit');
  });

  test('media: alt text edited, attachments removed and added; the history keeps what was shown', async () => {
    const alice = await user();
    const upload = async (color: string) => {
      const form = new FormData();
      const png = await sharp({ create: { width: 16, height: 12, channels: 3, background: color } }).png().toBuffer();
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'a.png');
      form.append('description', `first ${color}`);
      const res = await alice.api.post('/api/v2/media', form);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.id as string;
    };
    const [one, two] = [await upload('#123'), await upload('#456')];
    const posted = await createPost(alice, 'with a picture', { media_ids: [one] });
    const described = await put(alice, posted.id, { status: 'with a picture', media_ids: [one], media_attributes: [{ id: one, description: 'better alt' }] });
    assert.equal(described.status, 200, JSON.stringify(described.body));
    assert.equal(described.body.media_attachments[0].description, 'better alt');
    // As a form, the way Rails reads it (Tusky, the official apps).
    const form = new URLSearchParams([['status', 'with a picture'], ['media_ids[]', one], ['media_attributes[][id]', one], ['media_attributes[][description]', 'best alt']]);
    const asForm = await put(alice, posted.id, form);
    assert.equal(asForm.status, 200, JSON.stringify(asForm.body));
    assert.equal(asForm.body.media_attachments[0].description, 'best alt');
    const swapped = await put(alice, posted.id, { status: 'another picture', media_ids: [two] });
    assert.deepEqual(swapped.body.media_attachments.map((m: { id: string }) => m.id), [two]);
    const history = (await env.api.get(`/api/v1/statuses/${posted.id}/history`)).body;
    assert.deepEqual(history.map((e: { media_attachments: { id: string; description: string }[] }) => e.media_attachments.map((m) => `${m.id}:${m.description}`)), [
      [`${one}:first #123`],
      [`${one}:better alt`],
      [`${one}:best alt`],
      [`${two}:first #456`],
    ]);
    const other = await createUser(env.api, undefined, env.app);
    const theirs = await createPost(other, 'their post');
    assert.equal((await put(other, theirs.id, { status: 'taking it', media_ids: [one] })).status, 422, 'someone else’s attachment');
    const fresh = await upload('#789');
    const five = await put(alice, posted.id, { status: 'too many', media_ids: [one, two, fresh, '1', '2'] });
    assert.equal(five.status, 422);
  });
});
