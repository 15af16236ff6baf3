import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RenderCache, type CachedAccount } from './render-cache.js';

const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));

test('with the database away, entries past their age still serve; evicted ones and bugs do not', async () => {
  let now = 1_000_000;
  const cache = new RenderCache({ maxAgeMs: 1000 }, () => now);
  const account = { row: { id: 1 }, json: { id: '1' }, version: 1 } as unknown as CachedAccount;
  await cache.readThrough('account', [1, 2], async () => new Map([[1, account], [2, { ...account, version: 2 }]]));
  now += 5000;
  // Too old to serve while the database answers: loaded again.
  assert.equal(cache.get('account', 1), undefined);
  const served = await cache.readThrough('account', [1], refused);
  assert.equal(served.get(1), account);
  assert.equal(cache.staleServed, 1);
  // An entry a change evicted is never served stale, nor is one never loaded: the error stands.
  cache.apply({ type: 'account.changed', accountId: 2 });
  await assert.rejects(async () => cache.readThrough('account', [1, 2], refused), /ECONNREFUSED/);
  await assert.rejects(async () => cache.readThrough('account', [3], refused), /ECONNREFUSED/);
  // A failure that is not the database being away is not hidden.
  await assert.rejects(async () => cache.readThrough('account', [1], () => Promise.reject(new TypeError('a bug'))), /a bug/);
});
