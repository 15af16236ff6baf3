import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrending, trendScore } from './score.js';

test('a tag that is always busy does not trend', () => {
  assert.equal(trendScore({ recentAccounts: 50, baselineAccounts: 50 }), 0);
  assert.equal(trendScore({ recentAccounts: 60, baselineAccounts: 50 }), 0);
  assert.equal(isTrending({ recentAccounts: 50, baselineAccounts: 48 }), false);
});

test('a newly busy tag trends', () => {
  assert.ok(isTrending({ recentAccounts: 20, baselineAccounts: 0 }));
  assert.ok(isTrending({ recentAccounts: 20, baselineAccounts: 2 }));
});

test('too few voices never trend, however new', () => {
  assert.equal(trendScore({ recentAccounts: 2, baselineAccounts: 0 }), 0);
});

test('more growth over the own baseline ranks higher', () => {
  const quietThenLoud = trendScore({ recentAccounts: 30, baselineAccounts: 1 });
  const busyThenLouder = trendScore({ recentAccounts: 80, baselineAccounts: 50 });
  const small = trendScore({ recentAccounts: 6, baselineAccounts: 1 });
  assert.ok(quietThenLoud > small);
  assert.ok(quietThenLoud > busyThenLouder);
  assert.ok(busyThenLouder > 0, 'growth of 1.6x on a busy tag still counts');
});
