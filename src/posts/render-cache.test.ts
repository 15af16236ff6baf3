import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RenderCache } from './render-cache.js';
import type { CachedStatus } from './render-cache.js';

function statusRow(id: number, favourites = 0): CachedStatus {
  const row = {
    id, account_id: 1, text: '', content: '<p>x</p>', spoiler_text: '', sensitive: 0, visibility: 'public', language: 'ar',
    in_reply_to_id: null, in_reply_to_account_id: null, reblog_of_id: null, app_id: null, search_text: '',
    replies_count: 0, reblogs_count: 0, favourites_count: favourites, created_at: 0, edited_at: null, conversation_id: null, poll_id: null,
  };
  return { row, version: id * 10 + favourites };
}

test('a change evicts the row; the next load stores the new one', () => {
  const cache = new RenderCache();
  cache.store('status', 1, statusRow(1), cache.begin());
  assert.equal(cache.get('status', 1)?.row.favourites_count, 0);
  cache.apply({ type: 'status.changed', statusId: 1 });
  assert.equal(cache.get('status', 1), undefined);
  cache.store('status', 1, statusRow(1, 1), cache.begin());
  assert.equal(cache.get('status', 1)?.row.favourites_count, 1);
});

test('a load that began before an eviction does not store what it read', () => {
  const cache = new RenderCache();
  const since = cache.begin(); // the load reads the old row here…
  cache.apply({ type: 'status.changed', statusId: 7 }); // …a write commits and evicts…
  cache.store('status', 7, statusRow(7), since); // …and the old row arrives late.
  assert.equal(cache.get('status', 7), undefined, 'the stale row was not kept');
  // Other keys are unaffected by that eviction.
  cache.store('status', 8, statusRow(8), since);
  assert.ok(cache.get('status', 8));
});

test('forgetting old evictions makes older loads give up rather than risk staleness', () => {
  const cache = new RenderCache();
  const since = cache.begin();
  for (let id = 1; id <= 10_001; id++) cache.apply({ type: 'account.changed', accountId: id });
  cache.store('status', 99, statusRow(99), since);
  assert.equal(cache.get('status', 99), undefined);
  cache.store('status', 99, statusRow(99), cache.begin());
  assert.ok(cache.get('status', 99));
});

test('versions are new for every entry', () => {
  const cache = new RenderCache();
  const seen = new Set(Array.from({ length: 100 }, () => cache.nextVersion()));
  assert.equal(seen.size, 100);
});

test('deletes drop the extras too; sizes stay bounded', () => {
  const cache = new RenderCache({ statuses: 2, accounts: 2, viewers: 2 });
  cache.store('extras', 1, { mentions: [], tags: [], media: [] }, cache.begin());
  cache.apply({ type: 'status.deleted', statusId: 1, accountId: 1 });
  assert.equal(cache.get('extras', 1), undefined);
  for (const id of [1, 2, 3]) cache.store('status', id, statusRow(id), cache.begin());
  assert.equal(cache.sizes.status, 2);
  assert.equal(cache.get('status', 1), undefined, 'least recently used went first');
});

test('a viewer’s marks go when they favourite, bookmark or reblog anything', () => {
  const cache = new RenderCache();
  const marks = { favourited: new Set([1]), bookmarked: new Set<number>(), reblogged: new Set<number>(), mutedConversations: new Set<number>(), pollVotes: new Map(), pinned: new Set<number>() };
  cache.store('marks', 5, { horizon: 0, marks }, cache.begin());
  cache.apply({ type: 'marks.changed', accountId: 6 });
  assert.ok(cache.get('marks', 5), 'another viewer’s change leaves them');
  cache.apply({ type: 'marks.changed', accountId: 5 });
  assert.equal(cache.get('marks', 5), undefined);
});

test('clear: everything goes, and loads begun before it do not store', () => {
  const cache = new RenderCache();
  cache.store('status', 1, statusRow(1), cache.begin());
  const since = cache.begin();
  cache.clear();
  assert.equal(cache.get('status', 1), undefined);
  cache.store('status', 2, statusRow(2), since);
  assert.equal(cache.get('status', 2), undefined);
  cache.store('status', 2, statusRow(2), cache.begin());
  assert.ok(cache.get('status', 2));
});

test('readThrough loads only what is missing, in one batch, and counts hits and misses', async () => {
  const cache = new RenderCache();
  cache.store('status', 1, statusRow(1), cache.begin());
  const asked: number[][] = [];
  const found = await cache.readThrough('status', [1, 2, 3], async (missing) => {
    asked.push(missing);
    return new Map(missing.filter((id) => id !== 3).map((id) => [id, statusRow(id)]));
  });
  assert.deepEqual(asked, [[2, 3]]);
  assert.deepEqual([...found.keys()].sort(), [1, 2], 'a row the database does not have is absent');
  assert.ok(cache.get('status', 2), 'and what was loaded is kept');
  assert.deepEqual(cache.lookups.status, { hits: 2, misses: 2 });
});

test('an entry older than the maximum age is loaded again, event or not', () => {
  let now = 1_000;
  const cache = new RenderCache({ maxAgeMs: 60_000 }, () => now);
  cache.store('status', 1, statusRow(1), cache.begin());
  now += 59_000;
  assert.ok(cache.get('status', 1));
  now += 2_000;
  assert.equal(cache.get('status', 1), undefined);
});

test('an entry read a second or more after its last use moves to the young end of the LRU', () => {
  let now = 0;
  const cache = new RenderCache({ statuses: 2 }, () => now);
  cache.store('status', 1, statusRow(1), cache.begin());
  cache.store('status', 2, statusRow(2), cache.begin());
  now += 1_000;
  assert.ok(cache.get('status', 1)); // 1 is now younger than 2…
  cache.store('status', 3, statusRow(3), cache.begin());
  assert.equal(cache.get('status', 2), undefined, '…so 2 went first');
  assert.ok(cache.get('status', 1));
});
