// update_credentials: profile fields (three body forms), source, and DELETE /api/v1/profile/avatar|header.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';

const LINK = '<a href="https://example.org/me" target="_blank" rel="nofollow noopener me" translate="no"><span class="invisible">https://</span><span class="">example.org/me</span><span class="invisible"></span></a>';

describe('profile fields and source', () => {
  const env = useTestServer();

  test('fields_attributes as an indexed object (JSON), rendered with rel=me links and kept plain in source', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const res = await user.api.patch('/api/v1/accounts/update_credentials', {
      fields_attributes: { '0': { name: 'الموقع', value: 'https://example.org/me' }, '1': { name: 'Pronouns', value: 'she/her <b>&</b>' }, '2': { name: '', value: '' } },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.fields, [
      { name: 'الموقع', value: LINK, verified_at: null },
      { name: 'Pronouns', value: 'she/her &lt;b&gt;&amp;&lt;/b&gt;', verified_at: null },
    ]);
    assert.deepEqual(res.body.source.fields, [
      { name: 'الموقع', value: 'https://example.org/me', verified_at: null },
      { name: 'Pronouns', value: 'she/her <b>&</b>', verified_at: null },
    ]);
    const seen = await env.api.get(`/api/v1/accounts/${user.id}`);
    assert.equal(seen.body.fields[0].value, LINK);
    // Other fields left alone keep the fields; an empty set clears them.
    assert.equal((await user.api.patch('/api/v1/accounts/update_credentials', { note: 'bio' })).body.fields.length, 2);
    assert.deepEqual((await user.api.patch('/api/v1/accounts/update_credentials', { fields_attributes: {} })).body.fields, []);
  });

  test('the form (fields_attributes[0][name]), multipart and JSON-array forms', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const form = new URLSearchParams({ 'fields_attributes[0][name]': 'Web', 'fields_attributes[0][value]': 'http://www.example.com', 'fields_attributes[1][name]': 'Matrix', 'fields_attributes[1][value]': '@me:example.com' });
    const res = await user.api.request('PATCH', '/api/v1/accounts/update_credentials', form);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.fields.map((f: any) => f.name), ['Web', 'Matrix']);
    assert.match(res.body.fields[0].value, /<span class="invisible">http:\/\/www\.<\/span><span class="">example\.com<\/span>/);
    const multipart = new FormData();
    multipart.append('fields_attributes[0][name]', 'Only');
    multipart.append('fields_attributes[0][value]', 'one');
    const viaMultipart = await user.api.request('PATCH', '/api/v1/accounts/update_credentials', multipart);
    assert.equal(viaMultipart.status, 200, JSON.stringify(viaMultipart.body));
    assert.deepEqual(viaMultipart.body.source.fields, [{ name: 'Only', value: 'one', verified_at: null }]);
    const viaArray = await user.api.patch('/api/v1/accounts/update_credentials', { fields_attributes: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] });
    assert.deepEqual(viaArray.body.source.fields.map((f: any) => f.value), ['1', '2']);
  });

  test("Mastodon's limits: four fields, 255 characters (cut), a value needs a name; injection and bidi tricks are defused", async () => {
    const user = await createUser(env.api, undefined, env.app);
    const five = Object.fromEntries([0, 1, 2, 3, 4].map((i) => [String(i), { name: `n${i}`, value: `v${i}` }]));
    const tooMany = await user.api.patch('/api/v1/accounts/update_credentials', { fields_attributes: five });
    assert.equal(tooMany.status, 422);
    assert.equal(tooMany.body.error, 'Validation failed: Fields is too long (maximum is 4 characters)');
    const unnamed = await user.api.patch('/api/v1/accounts/update_credentials', { fields_attributes: { '0': { name: ' ', value: 'x' } } });
    assert.equal(unnamed.status, 422);
    assert.equal(unnamed.body.error, 'Validation failed: Fields contains values with missing labels');
    const long = await user.api.patch('/api/v1/accounts/update_credentials', { fields_attributes: { '0': { name: 'ع'.repeat(300), value: 'x'.repeat(300) } } });
    assert.equal(long.status, 200);
    assert.equal(Array.from(long.body.source.fields[0].name).length, 255);
    assert.equal(long.body.source.fields[0].value.length, 255);
    for (const bad of [{ fields_attributes: 'x' }, { fields_attributes: { '0': { name: { a: 1 } } } }, { fields_attributes: { '0': { name: 'n', value: 'x'.repeat(5000) } } }]) {
      const res = await user.api.patch('/api/v1/accounts/update_credentials', bad);
      assert.ok(res.status >= 400 && res.status < 500, `${JSON.stringify(bad).slice(0, 60)}: ${res.status}`);
      assert.equal(typeof res.body.error, 'string');
    }
    const tricky = await user.api.patch('/api/v1/accounts/update_credentials', {
      fields_attributes: { '0': { name: 'gnp\u202E.exe', value: '<script>alert(1)</script> "https://evil.example/"onmouseover="x' }, '1': { name: 'x', value: 'https://user:pass@bank.example/ javascript:alert(1)' } },
    });
    assert.equal(tricky.status, 200);
    const [first, second] = tricky.body.fields;
    assert.equal(first.name, 'gnp.exe');
    assert.ok(!first.value.includes('<script'));
    assert.ok(!/<a [^>]*onmouseover/.test(first.value));
    assert.ok(!second.value.includes('<a'), 'userinfo links and javascript: are not links');
  });

  test('source[privacy|sensitive|language] are settable and read back; a post uses them', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const res = await user.api.patch('/api/v1/accounts/update_credentials', { source: { privacy: 'private', sensitive: true, language: 'fr' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual({ ...res.body.source, fields: undefined }, { privacy: 'private', sensitive: true, language: 'fr', note: '', fields: undefined, follow_requests_count: 0 });
    const me = await user.api.get('/api/v1/accounts/verify_credentials');
    assert.equal(me.body.source.sensitive, true);
    assert.equal(me.body.source.language, 'fr');
    assert.equal((await user.api.patch('/api/v1/accounts/update_credentials', { source: { language: 'not a language' } })).status, 422);
    assert.equal((await user.api.patch('/api/v1/accounts/update_credentials', { source: { privacy: 'direct' } })).status, 422);
    const prefs = await user.api.get('/api/v1/preferences');
    assert.equal(prefs.body['posting:default:visibility'], 'private');
    assert.equal(prefs.body['posting:default:sensitive'], true);
    assert.equal(prefs.body['posting:default:language'], 'fr');
    const post = await createPost(user, 'sans précision');
    assert.deepEqual([post.visibility, post.sensitive, post.language], ['private', true, 'fr']);
    const explicit = await createPost(user, 'said so', { visibility: 'public', sensitive: false, language: 'en' });
    assert.deepEqual([explicit.visibility, explicit.sensitive, explicit.language], ['public', false, 'en']);
    const form = await user.api.request('PATCH', '/api/v1/accounts/update_credentials', new URLSearchParams({ 'source[sensitive]': '0' }));
    assert.equal(form.body.source.sensitive, false);
  });

  test('DELETE /api/v1/profile/avatar and /header: default images again, in statuses too', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const image = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#27a' } }).png().toBuffer();
    const form = new FormData();
    form.append('avatar', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'a.png');
    form.append('header', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'h.png');
    const uploaded = await user.api.request('PATCH', '/api/v1/accounts/update_credentials', form);
    assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
    assert.match(uploaded.body.avatar, /\/media\//);
    const post = await createPost(user, 'with my face');
    // Rendered (and cached) with the uploaded avatar first.
    assert.match((await env.api.get(`/api/v1/statuses/${post.id}`)).body.account.avatar, /\/media\//);
    const avatar = await user.api.delete('/api/v1/profile/avatar');
    assert.equal(avatar.status, 200);
    assert.match(avatar.body.avatar, /\/assets\/avatar-missing\.png$/);
    assert.match(avatar.body.header, /\/media\//);
    assert.ok(avatar.body.source, 'a CredentialAccount');
    const header = await user.api.delete('/api/v1/profile/header');
    assert.match(header.body.header, /\/assets\/header-missing\.png$/);
    // The status's cached rendering follows (account.changed evicts the author).
    assert.match((await env.api.get(`/api/v1/statuses/${post.id}`)).body.account.avatar, /avatar-missing/);
    // Fields show in statuses' embedded accounts too, once changed.
    await user.api.patch('/api/v1/accounts/update_credentials', { fields_attributes: { '0': { name: 'x', value: 'y' } } });
    assert.deepEqual((await env.api.get(`/api/v1/statuses/${post.id}`)).body.account.fields, [{ name: 'x', value: 'y', verified_at: null }]);
    assert.equal((await env.api.delete('/api/v1/profile/avatar')).status, 401);
  });
});
