// What Redis's return after an outage sets going again (db/redis-breaker.ts says when): the
// fan-out put off meanwhile is replayed, and caches that may have missed events start over.
import type { RedisEventBus } from '../events.js';
import type { FanoutBacklog } from '../timelines/fanout-backlog.js';
import type { HomeFanout } from '../timelines/fanout.js';
import type { RedisHandle } from './redis.js';

/** How often a process looks for fan-out that another process put off and could not replay (it died). */
const BACKLOG_SWEEP_MS = 30_000;

/**
 * What Redis's return sets going again: the fan-out put off meanwhile is replayed (so every
 * follower's feed gets the posts it missed), and caches that may have missed events start over.
 * Also replays at start-up and now and then, for backlog left by a process that died.
 */
export function recoverFromRedisOutages(redis: RedisHandle, fanout: HomeFanout, backlog: FanoutBacklog, bus: RedisEventBus): () => void {
  fanout.keepMissedIn(backlog);
  const repair = () => void fanout.repair().catch(() => {});
  let wasOut = false;
  const offChange = redis.breaker.onChange((state) => {
    if (state !== 'closed') {
      wasOut = true;
      return;
    }
    if (!wasOut) return;
    wasOut = false;
    bus.recovered();
    repair();
  });
  repair();
  const sweep = setInterval(() => {
    if (redis.breaker.state === 'closed') repair();
  }, BACKLOG_SWEEP_MS).unref();
  return () => {
    offChange();
    clearInterval(sweep);
  };
}
