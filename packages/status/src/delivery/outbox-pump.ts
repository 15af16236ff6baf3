// The retry loop shared by the two outboxes (subscriber emails and webhook deliveries): a poll
// that picks up what is due, a kick() that sends at once after something was queued, and one pass
// at a time, because two overlapping passes would both pick up the same due row and send it twice.
export interface PumpTiming {
  baseDelayMs: number;
  maxAttempts: number;
  pollMs: number;
}

/** When a failed send is tried again: base, 2×base, 4×base … (plus up to `jitter` of it), or never after the last attempt. */
export function nextAttemptAt(timing: PumpTiming, attempts: number, now: number, jitter = 0): number | null {
  if (attempts >= timing.maxAttempts) return null;
  return now + timing.baseDelayMs * 2 ** (attempts - 1) * (1 + Math.random() * jitter);
}

export class OutboxPump {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private again = false;
  private stopped: boolean;

  /** `sendDue` sends everything due once; `startStopped` says whether kick() waits for start(). */
  constructor(
    private readonly sendDue: () => Promise<void>,
    private readonly pollMs: number,
    startStopped: boolean,
  ) {
    this.stopped = startStopped;
  }

  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      void this.pump().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, this.pollMs).unref();
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  /** Nudges sending after something was queued, instead of waiting for the next poll. */
  kick(): void {
    if (!this.stopped) void this.pump();
  }

  // A nudge during a pass makes the pass run once more instead of starting a second one.
  private pump(): Promise<void> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = (async () => {
      try {
        do {
          this.again = false;
          await this.sendDue().catch(() => undefined);
        } while (this.again && !this.stopped);
      } finally {
        this.current = undefined;
      }
    })();
    return this.current;
  }
}
