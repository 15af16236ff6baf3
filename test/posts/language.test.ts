// Issue 15, defect 6: the language a post is tagged with when the client does not say. Links and
// @mentions are Latin whatever the post's language, so they do not count; the posting language
// the author chose wins over any guess; a post with no words takes the interface language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';
import { guessLanguage } from '../../src/posts/language.js';

const env = useTestServer();

test('an Arabic post with a long link, or addressed to Latin usernames, is Arabic', async () => {
  const user = await createUser(env.api, undefined, env.app);
  const linked = await createPost(user, 'مقال جميل عن الطيور https://example.com/articles/birds-of-the-arabian-peninsula-and-their-migration');
  assert.equal(linked.language, 'ar');
  const bare = await createPost(user, 'اقرأ هذا example.com/a-very-long-english-path-about-birds');
  assert.equal(bare.language, 'ar');
  const mention = await createPost(user, `@${user.username} شكرًا جزيلًا`);
  assert.equal(mention.language, 'ar');
});

test('English stays English, links or not; the client’s own language always wins', async () => {
  const user = await createUser(env.api, undefined, env.app);
  assert.equal((await createPost(user, 'Reading about birds today https://example.com/طيور')).language, 'en');
  assert.equal((await createPost(user, 'صباح الخير', { language: 'fa' })).language, 'fa');
});

test('the posting language chosen in the settings wins over the text', async () => {
  const user = await createUser(env.api, undefined, env.app);
  const set = await user.api.patch('/api/v1/accounts/update_credentials', { source: { language: 'ar' } });
  assert.equal(set.status, 200);
  assert.equal((await user.api.get('/api/v1/preferences')).body['posting:default:language'], 'ar');
  assert.equal((await createPost(user, 'Good morning from Riyadh https://example.com')).language, 'ar');
  await user.api.patch('/api/v1/accounts/update_credentials', { source: { language: 'en' } });
  assert.equal((await createPost(user, 'صباح الخير من الرياض')).language, 'en');
});

test('a post without words (emoji, a bare link) takes the author’s interface language', async () => {
  const user = await createUser(env.api, undefined, env.app); // signed up with locale "ar"
  assert.equal((await createPost(user, '🌙✨')).language, 'ar');
  assert.equal((await createPost(user, 'https://example.com/only-a-link')).language, 'ar');
});

test('guessLanguage: by the script of the post’s own words', () => {
  assert.equal(guessLanguage('مرحبا https://example.com/hello-world-this-is-long'), 'ar');
  assert.equal(guessLanguage('@someone_with_a_long_name@example.social أهلًا'), 'ar');
  assert.equal(guessLanguage('hello #سرب'), 'en');
  assert.equal(guessLanguage('🌙'), null);
});
