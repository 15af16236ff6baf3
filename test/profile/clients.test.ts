// Real client libraries drive the profile API: masto.js and megalodon, with their own calls.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import generator from 'megalodon';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';

describe('profile with client libraries', () => {
  const env = useTestServer();

  test('masto.js: pin a status, profile fields, featured tags, endorse, note', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const friend = await createUser(env.api, undefined, env.app);
    const masto = createRestAPIClient({ url: env.server.url, accessToken: me.token });
    const status = await masto.v1.statuses.create({ status: 'مرحبا #سرب' });
    const pinned = await masto.v1.statuses.$select(status.id).pin();
    assert.equal(pinned.pinned, true);
    const onProfile = await masto.v1.accounts.$select(me.id).statuses.list({ pinned: true });
    assert.deepEqual(onProfile.map((s) => s.id), [status.id]);
    assert.equal((await masto.v1.statuses.$select(status.id).unpin()).pinned, false);

    const updated = await masto.v1.accounts.updateCredentials({
      fieldsAttributes: [{ name: 'Website', value: 'https://example.org' }, { name: 'المدينة', value: 'الرياض' }],
      source: { privacy: 'unlisted', sensitive: false, language: 'ar' },
    });
    assert.deepEqual(updated.fields.map((f) => f.name), ['Website', 'المدينة']);
    assert.match(updated.fields[0].value, /rel="nofollow noopener me"/);
    assert.equal(updated.fields[0].verifiedAt, null);
    assert.deepEqual(updated.source?.fields.map((f) => f.value), ['https://example.org', 'الرياض']);

    const tag = await masto.v1.featuredTags.create({ name: 'سرب' });
    assert.equal(tag.name, 'سرب');
    assert.equal(tag.statusesCount, '1');
    assert.deepEqual((await masto.v1.featuredTags.list()).map((t) => t.id), [tag.id]);
    assert.deepEqual((await masto.v1.accounts.$select(me.id).featuredTags.list()).map((t) => t.name), ['سرب']);
    await masto.v1.featuredTags.$select(tag.id).remove();
    assert.deepEqual(await masto.v1.featuredTags.list(), []);
    assert.deepEqual((await masto.v1.featuredTags.suggestions.list()).map((t) => t.name), ['سرب']);

    await masto.v1.accounts.$select(friend.id).follow();
    const endorsed = await masto.v1.accounts.$select(friend.id).pin();
    assert.equal(endorsed.endorsed, true);
    assert.deepEqual((await masto.v1.endorsements.list()).map((a) => a.id), [friend.id]);
    const noted = await masto.v1.accounts.$select(friend.id).note.create({ comment: 'من العمل' });
    assert.equal(noted.note, 'من العمل');
    assert.equal((await masto.v1.accounts.$select(friend.id).unpin()).endorsed, false);
    const refused = await masto.v1.accounts.$select(me.id).pin().catch((error: unknown) => error as { statusCode?: number; message?: string });
    assert.equal((refused as { statusCode?: number }).statusCode, 422);
  });

  test('megalodon: pinStatus, updateCredentials with fields, featured tags, pinAccount, setAccountNote, only_media', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const friend = await createUser(env.api, undefined, env.app);
    const client = generator('mastodon', env.server.url, me.token);
    const post = await createPost(me, 'megalodon #test');
    assert.equal((await client.pinStatus(post.id)).data.pinned, true);
    assert.deepEqual((await client.getAccountStatuses(me.id, { pinned: true })).data.map((s) => s.id), [post.id]);
    assert.deepEqual((await client.getAccountStatuses(me.id, { only_media: true })).data, []);
    assert.equal((await client.unpinStatus(post.id)).data.pinned, false);
    const updated = await client.updateCredentials({ fields_attributes: [{ name: 'Blog', value: 'https://blog.example' }] });
    assert.deepEqual(updated.data.fields.map((f) => f.name), ['Blog']);
    const tag = await client.createFeaturedTag('test');
    assert.equal(tag.data.name, 'test');
    assert.equal((await client.getFeaturedTags()).data.length, 1);
    await client.deleteFeaturedTag(tag.data.id);
    assert.equal((await client.getFeaturedTags()).data.length, 0);
    await client.followAccount(friend.id);
    assert.equal((await client.pinAccount(friend.id)).data.endorsed, true);
    assert.deepEqual((await client.getEndorsements()).data.map((a) => a.id), [friend.id]);
    assert.equal((await client.setAccountNote(friend.id, 'note')).data.note, 'note');
    assert.equal((await client.setAccountNote(friend.id)).data.note, '');
    assert.equal((await client.unpinAccount(friend.id)).data.endorsed, false);
  });
});
