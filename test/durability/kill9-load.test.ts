// Issue 13: kill -9 of the app process under concurrent writes, 20 times (the acceptance figure;
// bench/kill9.ts runs the same with more clients and reports it). Every post that got a 2xx is
// there after each restart; every request cut by the kill, retried with its Idempotency-Key,
// gives exactly one post.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { killableStore } from '../helpers/kill9-store.js';
import { CHAOS_ENV, runKillChaos } from '../helpers/write-chaos.js';

const KILLS = 20;
const store = killableStore('sirb-kill9-load-');

test(`${KILLS} kill -9 during concurrent posting lose no acknowledged post and duplicate none`, { timeout: 1_800_000 }, async () => {
  const started = Date.now();
  const result = await runKillChaos({
    kills: KILLS,
    clients: 4,
    loadMs: [300, 1200],
    start: () => store.start(CHAOS_ENV),
    log: (message) => console.log(message),
  });
  const restarts = result.rounds.map((r) => r.restartMs);
  console.log(`${KILLS} kills in ${Math.round((Date.now() - started) / 1000)} s; restart (spawn to /healthz 200) mean ${Math.round(restarts.reduce((a, b) => a + b, 0) / restarts.length)} ms, max ${Math.max(...restarts)} ms`);
  assert.equal(result.rounds.length, KILLS);
  assert.ok(result.acknowledged > 0, 'some posts were acknowledged between the kills');
  assert.deepEqual(result.rounds.flatMap((r) => r.lost), [], 'acknowledged posts missing after a restart');
  assert.deepEqual(result.duplicated, [], 'keys with two posts');
  assert.equal(result.unexpected, 0, 'posts that no request explains');
  assert.equal(result.posts, result.acknowledged + result.retried, 'one post per acknowledged or retried request');
});
