// The Redis circuit breaker (db/redis-breaker.ts) and what fell back for want of Redis, on
// /metrics: what an operator watches when Redis fails or hangs (docs/operations-redis.md).
import client from 'prom-client';
import type { RedisBreaker } from '../db/redis-breaker.js';
import type { FanoutBacklog } from '../timelines/fanout-backlog.js';

const STATE_VALUES = { closed: 0, half_open: 1, open: 2 } as const;

/** Copies a running total kept elsewhere into a counter at each scrape. */
function copied(counter: client.Counter<string>, total: () => number) {
  counter.reset();
  counter.inc(total());
}

export function installRedisMetrics(registry: client.Registry, breaker: RedisBreaker, backlog?: () => FanoutBacklog['counts'] | undefined): void {
  new client.Gauge({
    name: 'sirb_redis_breaker_state',
    help: 'Redis circuit breaker: 0 closed (Redis answering), 1 half-open (probing), 2 open (Redis unavailable, callers fall back)',
    registers: [registry],
    collect() {
      this.set(STATE_VALUES[breaker.state]);
    },
  });
  new client.Counter({
    name: 'sirb_redis_breaker_opened_total',
    help: 'Times the Redis circuit breaker opened',
    registers: [registry],
    collect() {
      copied(this, () => breaker.counts.opened);
    },
  });
  new client.Counter({
    name: 'sirb_redis_calls_refused_total',
    help: 'Redis calls answered "unavailable" at once because the breaker was open',
    registers: [registry],
    collect() {
      copied(this, () => breaker.counts.refused);
    },
  });
  new client.Counter({
    name: 'sirb_redis_fallbacks_total',
    help: 'Work done without Redis because it was unavailable, by what (home: read from SQL; rate_limit: counted in memory)',
    labelNames: ['what'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [what, count] of breaker.fallbacks) this.inc({ what }, count);
    },
  });
  new client.Counter({
    name: 'sirb_fanout_backlog_total',
    help: 'Home fan-out events put off while Redis was unavailable (recorded) and replayed once it answered',
    labelNames: ['event'],
    registers: [registry],
    collect() {
      this.reset();
      const counts = backlog?.();
      if (!counts) return;
      this.inc({ event: 'recorded' }, counts.recorded);
      this.inc({ event: 'replayed' }, counts.replayed);
    },
  });
}
