// Who gets one of the pool's connections, and who is told at once to come back later. A burst on
// a healthy database makes a queue that drains: it must be served, however long the queue is for
// a moment. A slow or hung database makes a queue that does not drain: requests must not pile up
// behind it. So newcomers are refused (shed) not for the queue's length but for its delay, as
// CoDel does for packets: when those handed a connection have waited longer than `targetMs`
// without a break for `intervalMs` (a standing queue, not a passing burst), or when no
// connection has come back for longer than anyone may wait (a hung database). Nobody waits
// longer than `maxWaitMs`; and the queue's length is bounded far above any burst, so that memory
// cannot grow without end.
import { DatabaseUnavailableError } from './availability.js';

export interface QueueLimits {
  /** Connections that can be out at once (the pool's size). */
  slots: number;
  /** A waiter still waiting after this long is refused (ms). */
  maxWaitMs: number;
  /** Waits above this, for `intervalMs` on end, mean a standing queue: newcomers are refused at once (ms). */
  targetMs: number;
  intervalMs: number;
  /** Waiters beyond which newcomers are refused whatever the expected wait (memory bound). */
  maxWaiting: number;
}

interface Waiter {
  since: number;
  grant: () => void;
  refuse: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class ConnectionQueue {
  private readonly waiters: Waiter[] = [];
  /** When each connection now out was handed out. */
  private readonly out = new Set<{ since: number }>();
  /** Since when every waiter handed a connection had waited longer than the target (undefined: the last did not). */
  private aboveTargetSince: number | undefined;
  /** Since start, for /metrics and tests. */
  readonly counts = { granted: 0, shed: 0, timedOut: 0 };

  constructor(
    private readonly limits: QueueLimits,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get waiting(): number {
    return this.waiters.length;
  }

  /** Whether a newcomer would only add to a queue that does not drain in time. */
  overloaded(): boolean {
    if (this.waiters.length === 0) return false;
    const now = this.clock();
    if (this.aboveTargetSince !== undefined && now - this.aboveTargetSince >= this.limits.intervalMs) return true;
    // Hung: none of the connections out has come back for longer than anyone may wait. (Nothing
    // shorter counts: it may be this process's own event loop that was busy.)
    if (this.out.size < this.limits.slots) return false;
    for (const lease of this.out) if (now - lease.since <= this.limits.maxWaitMs) return false;
    return true;
  }

  /**
   * A connection slot, resolving to its release function. `force` (the breaker's probe) is never
   * refused on arrival. Rejects with DatabaseUnavailableError('busy') when shed or waited too long.
   */
  acquire(force = false): Promise<() => void> {
    if (!force && (this.waiters.length >= this.limits.maxWaiting || this.overloaded())) {
      this.counts.shed += 1;
      return Promise.reject(new DatabaseUnavailableError('busy'));
    }
    if (this.out.size < this.limits.slots && this.waiters.length === 0) {
      this.sojourn(0);
      return Promise.resolve(this.lease());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        since: this.clock(),
        grant: () => {
          this.sojourn(this.clock() - waiter.since);
          resolve(this.lease());
        },
        refuse: reject,
        timer: setTimeout(() => {
          const at = this.waiters.indexOf(waiter);
          if (at < 0) return;
          this.waiters.splice(at, 1);
          this.counts.timedOut += 1;
          this.sojourn(this.limits.maxWaitMs);
          reject(new DatabaseUnavailableError('busy', 'No database connection came free in time. Try again in a few seconds'));
        }, this.limits.maxWaitMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Refuses everyone waiting (the database is unreachable: they would wait in vain). */
  refuseAll(error: Error): void {
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.refuse(error);
    }
  }

  private sojourn(waitedMs: number): void {
    if (waitedMs <= this.limits.targetMs) this.aboveTargetSince = undefined;
    else this.aboveTargetSince ??= this.clock();
  }

  private lease(): () => void {
    const lease = { since: this.clock() };
    this.out.add(lease);
    this.counts.granted += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.out.delete(lease);
      const next = this.waiters.shift();
      if (next) {
        clearTimeout(next.timer);
        next.grant();
      }
    };
  }
}
