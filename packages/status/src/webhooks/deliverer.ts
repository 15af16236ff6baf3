// Delivers queued webhooks: POST the JSON body signed with the subscription's secret
// (X-Sirb-Signature: sha256=<hex HMAC of the body>), and on failure retry with exponential
// backoff (base, 2×base, 4×base … plus jitter) until maxAttempts, then give up on that delivery.
import type { StatusDb } from '../store/database.js';
import { sign } from './sign.js';
import { dueDeliveries, markDelivered, markRetry } from './store.js';

export interface DelivererOptions {
  baseDelayMs: number;
  maxAttempts: number;
  timeoutMs: number;
  pollMs: number;
  clock: () => number;
}

export class WebhookDeliverer {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly db: StatusDb,
    private readonly options: DelivererOptions,
  ) {}

  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      void this.pump().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, this.options.pollMs).unref();
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  /** Nudges delivery after something was queued, instead of waiting for the next poll. */
  kick(): void {
    if (!this.stopped) void this.pump();
  }

  // One pass at a time: two overlapping passes would both pick up the same due row and deliver
  // it twice. A nudge during a pass makes the pass run once more instead.
  private pump(): Promise<void> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = (async () => {
      try {
        do {
          this.again = false;
          await this.deliverDue().catch(() => undefined);
        } while (this.again && !this.stopped);
      } finally {
        this.current = undefined;
      }
    })();
    return this.current;
  }

  async deliverDue(): Promise<void> {
    const due = await dueDeliveries(this.db, this.options.clock());
    await Promise.all(
      due.map(async (d) => {
        const attempts = d.attempts + 1;
        try {
          const response = await fetch(d.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'user-agent': 'SirbStatusWebhook/1.0',
              'x-sirb-event': d.event,
              'x-sirb-delivery': String(d.id),
              'x-sirb-signature': sign(d.secret, d.payload),
            },
            body: d.payload,
            redirect: 'manual',
            signal: AbortSignal.timeout(this.options.timeoutMs),
          });
          await response.arrayBuffer().catch(() => undefined);
          if (response.status < 200 || response.status >= 300) throw new Error(`answered ${response.status}`);
          await markDelivered(this.db, d.id, attempts, this.options.clock());
        } catch (error) {
          const now = this.options.clock();
          const delay = this.options.baseDelayMs * 2 ** (attempts - 1) * (1 + Math.random() * 0.1);
          const nextAt = attempts >= this.options.maxAttempts ? null : now + delay;
          await markRetry(this.db, d.id, attempts, nextAt, String((error as Error).message ?? error).slice(0, 300), now);
        }
      }),
    );
  }
}
