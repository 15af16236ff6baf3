// Keyword filters driven by a real Mastodon client library (masto.js): v2 filters created,
// listed, updated (keywords added, changed, destroyed) and deleted with masto's own calls, and
// the `filtered` it reads on a home timeline; v1 filters for older clients too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';
import { sentenceWith } from './fixtures.js';

const env = useTestServer();

test('masto.js creates, lists, updates and deletes v2 filters, and reads filtered statuses', async () => {
  const author = await createUser(env.api, undefined, env.app);
  const viewer = await createUser(env.api, undefined, env.app);
  await viewer.api.post(`/api/v1/accounts/${author.id}/follow`);
  const masto = createRestAPIClient({ url: env.server.url, accessToken: viewer.token });

  const filter = await masto.v2.filters.create({
    title: 'أخبار الأعطال',
    context: ['home', 'public'],
    filterAction: 'warn',
    keywordsAttributes: [{ keyword: 'اعطال', wholeWord: false }, { keyword: 'فيسبوك', wholeWord: true }],
  });
  assert.equal(filter.title, 'أخبار الأعطال');
  assert.deepEqual(filter.keywords.map((k) => [k.keyword, k.wholeWord]), [['اعطال', false], ['فيسبوك', true]]);
  assert.deepEqual((await masto.v2.filters.list()).map((f) => f.id), [filter.id]);
  assert.equal((await masto.v2.filters.$select(filter.id).fetch()).filterAction, 'warn');

  // The post writes أعطال with a hamza; the keyword without one.
  const matching = await createPost(author, sentenceWith('كما أبلغت اليابان عن أعطال'));
  const [home] = await masto.v1.timelines.home.list();
  assert.equal(home.id, matching.id);
  assert.equal(home.filtered?.[0]?.filter.title, 'أخبار الأعطال');
  assert.deepEqual(home.filtered?.[0]?.keywordMatches, ['اعطال']);

  const [outages, facebook] = filter.keywords;
  const updated = await masto.v2.filters.$select(filter.id).update({
    filterAction: 'hide',
    keywordsAttributes: [{ id: outages.id, _destroy: true }, { id: facebook.id, keyword: 'تويتر' }, { keyword: 'اليابان', wholeWord: true }],
  });
  assert.equal(updated.filterAction, 'hide');
  assert.deepEqual(updated.keywords.map((k) => k.keyword), ['تويتر', 'اليابان']);
  assert.deepEqual(await masto.v1.timelines.home.list(), []);

  const added = await masto.v2.filters.$select(filter.id).keywords.create({ keyword: 'بريطانيا', wholeWord: true });
  assert.deepEqual((await masto.v2.filters.$select(filter.id).keywords.list()).map((k) => k.id).at(-1), added.id);
  await masto.v2.filters.keywords.$select(added.id).remove();

  const filteredStatus = await masto.v2.filters.$select(filter.id).statuses.create({ statusId: matching.id });
  assert.equal(filteredStatus.statusId, matching.id);
  assert.deepEqual((await masto.v2.filters.$select(filter.id).statuses.list()).map((s) => s.id), [filteredStatus.id]);

  await masto.v2.filters.$select(filter.id).remove();
  assert.deepEqual(await masto.v2.filters.list(), []);
  const [shown] = await masto.v1.timelines.home.list();
  assert.deepEqual(shown.filtered, []);

  // v1, for older clients.
  const v1 = await masto.v1.filters.create({ phrase: 'تويتر', context: ['home'], irreversible: false, wholeWord: true });
  assert.equal(v1.phrase, 'تويتر');
  assert.deepEqual((await masto.v1.filters.list()).map((f) => f.id), [v1.id]);
  assert.equal((await masto.v1.filters.$select(v1.id).update({ phrase: 'داعش', context: ['home', 'thread'] })).phrase, 'داعش');
  await masto.v1.filters.$select(v1.id).remove();
  assert.deepEqual(await masto.v1.filters.list(), []);
});
