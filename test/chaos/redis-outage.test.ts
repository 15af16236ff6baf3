// Redis is never a single point of failure (issue 13): real app processes on the test backend's
// database and a private redis-server, under a steady load of posts and home reads, while Redis
// is killed (and restarted with what it had saved) and then hung (SIGSTOP, SIGCONT). Nothing
// answers 500, home reads go on (from SQL) and answer without waiting on Redis once the breaker
// is open, every post acknowledged meanwhile is in every follower's home within 10 s of Redis's
// return, the live stream goes on in-process, and the other process's render cache, which missed
// invalidations, starts over. The 30 s acceptance run is bench/chaos-redis.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRedisOutage } from '../helpers/redis-outage.js';

test('Redis killed, then hung, under load: no 500, homes from SQL, fan-out repaired, streams go on', { timeout: 180_000 }, async (t) => {
  const report = await runRedisOutage({
    writers: 2,
    followers: 3,
    postEveryMs: 400,
    readEveryMs: 250,
    calmMs: 1500,
    phases: [
      { mode: 'kill', outageMs: 8000 },
      { mode: 'hang', outageMs: 9000 },
    ],
    env: { REDIS_COMMAND_TIMEOUT_MS: '2500' },
    log: (line) => t.diagnostic(line),
  });
  t.diagnostic(JSON.stringify({ by_status: report.by_status, metrics: report.metrics }));

  assert.equal(report.server_errors, 0, `no 5xx: ${JSON.stringify(report.by_status)}`);
  assert.equal(report.no_answer, 0, 'every request answered');
  for (const phase of report.phases) {
    const { during_outage: during } = phase;
    assert.ok(phase.posts_acknowledged_during_outage > 0, `${phase.mode}: posts were acknowledged during the outage`);
    assert.ok(during.home.count > 0 && Object.keys(during.by_status).every((s) => s === '200'), `${phase.mode}: every answer during the outage was 200: ${JSON.stringify(during.by_status)}`);
    // The breaker answers "unavailable" at once: home reads do not wait out the 2.5 s command timeout.
    assert.ok(during.home_while_open.p50_ms! < 1250, `${phase.mode}: home reads while the breaker is open answer without waiting on Redis: ${JSON.stringify(during.home_while_open)}`);
    assert.equal(phase.missing_from_homes, 0, `${phase.mode}: every post in every follower's home within 10 s`);
    assert.notEqual(phase.homes_complete_after_ms, null);
    assert.equal(phase.missing_from_stream, 0, `${phase.mode}: the live stream on the same process got every post`);
    assert.ok(phase.other_process_cache_fresh, `${phase.mode}: the other process dropped its stale render of a status favourited during the outage`);
  }
  assert.ok(report.cross_process_stream_after, 'a post through B streams to A again once Redis is back');
  const metric = (name: string) => Number(report.metrics.find((line) => line.startsWith(name))?.split(' ').pop());
  assert.ok(metric('sirb_redis_breaker_opened_total') >= 2, 'the breaker opened in each outage');
  assert.equal(metric('sirb_redis_breaker_state'), 0, 'and is closed at the end');
  assert.ok(metric('sirb_redis_fallbacks_total{what="home"}') > 0, 'home reads fell back to SQL');
  assert.ok(metric('sirb_redis_fallbacks_total{what="rate_limit"}') > 0, 'rate limits fell back to memory');
  assert.ok(metric('sirb_fanout_backlog_total{event="replayed"}') > 0, 'put-off fan-out was replayed');
});
