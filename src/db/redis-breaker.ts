// A circuit breaker in front of Redis, so that a dead or hung Redis costs callers milliseconds,
// not seconds: after a few calls in a row fail for want of Redis (refused, closed, timed out),
// it opens and every call is answered "Redis unavailable" at once, and each caller falls back
// (home timelines to SQL, rate limits to this process's memory, events to this process only).
// While it is open a PING probes Redis (half-open) every `probeEveryMs`; the first that answers
// closes it, and what was put off (fan-out repair, cache flushes) runs on that transition.
// The state machine is cockatiel's; only the prober runs through it while it is not closed, so
// no request ever waits on a probe.
import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { ReplyError } from 'ioredis';

export type BreakerState = 'closed' | 'open' | 'half_open';

/** What callers catch to fall back: Redis could not be asked (breaker open, or the call failed for want of it). */
export class RedisUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('Redis unavailable', cause === undefined ? undefined : { cause });
    this.name = 'RedisUnavailableError';
  }
}

/**
 * Whether an error means Redis could not answer: anything but a reply from Redis itself (a
 * ReplyError such as WRONGTYPE is Redis working, and says nothing about its health).
 */
export function isRedisOutage(error: unknown): boolean {
  return !(error instanceof ReplyError);
}

export interface BreakerOptions {
  /** Consecutive failed calls that open it. */
  failures?: number;
  /** How often an open breaker asks Redis again. */
  probeEveryMs?: number;
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'open',
};

export class RedisBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private readonly listeners = new Set<(state: BreakerState) => void>();
  private prober: NodeJS.Timeout | undefined;
  private stopped = false;
  private probing = false;
  private previous = CircuitState.Closed;
  /** Totals for /metrics (http/redis-metrics.ts). */
  readonly counts = { opened: 0, refused: 0 };
  /** Calls that fell back for want of Redis, by what fell back (home, rate_limit). */
  readonly fallbacks = new Map<string, number>();

  constructor(
    private readonly probe: () => Promise<unknown>,
    options: BreakerOptions = {},
  ) {
    const probeEveryMs = options.probeEveryMs ?? 1000;
    this.policy = circuitBreaker(handleWhen(isRedisOutage), { halfOpenAfter: probeEveryMs, breaker: new ConsecutiveBreaker(options.failures ?? 3) });
    this.policy.onBreak(() => {
      if (this.stopped) return;
      // Ticks finer than the half-open delay, so a probe starts soon after it is due; one at a time.
      this.prober ??= setInterval(() => {
        if (this.probing) return;
        this.probing = true;
        void this.policy
          .execute(this.probe)
          .catch(() => {})
          .finally(() => (this.probing = false));
      }, Math.max(probeEveryMs / 4, 10)).unref();
    });
    this.policy.onReset(() => {
      clearInterval(this.prober);
      this.prober = undefined;
    });
    this.policy.onStateChange((state) => {
      // A failed probe opens it again: that is the same outage, not another.
      if (state === CircuitState.Open && this.previous === CircuitState.Closed) this.counts.opened += 1;
      this.previous = state;
      for (const listener of [...this.listeners]) listener(STATES[state]);
    });
  }

  get state(): BreakerState {
    return STATES[this.policy.state];
  }

  /**
   * Runs a Redis call; throws RedisUnavailableError at once while the breaker is not closed, or
   * when the call failed for want of Redis. Other errors (Redis's own replies) pass as they are.
   */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.policy.state !== CircuitState.Closed) {
      this.counts.refused += 1;
      throw new RedisUnavailableError();
    }
    try {
      return await this.policy.execute(call);
    } catch (error) {
      throw isRedisOutage(error) ? new RedisUnavailableError(error) : error;
    }
  }

  /** Counts a fallback (for /metrics): `what` served without Redis. */
  fellBack(what: string): void {
    this.fallbacks.set(what, (this.fallbacks.get(what) ?? 0) + 1);
  }

  /** Hears every change of state (closed, open, half_open). */
  onChange(listener: (state: BreakerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stopped = true;
    clearInterval(this.prober);
    this.prober = undefined;
    this.listeners.clear();
  }
}
