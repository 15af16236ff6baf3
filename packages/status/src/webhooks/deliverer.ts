// Delivers queued webhooks: POST the JSON body signed with the subscription's secret
// (X-Sirb-Signature: sha256=<hex HMAC of the body>), and on failure retry with exponential
// backoff (base, 2×base, 4×base … plus jitter) until maxAttempts, then give up on that delivery.
// Only to public addresses, checked after DNS resolution at connect time (destination.ts);
// redirects are not followed; and the delivery log says only that a delivery failed, never what
// the target answered, so the log cannot serve as a scanner of someone's network.
import http from 'node:http';
import https from 'node:https';
import type { StatusDb } from '../store/database.js';
import { checkHost, ForbiddenDestination, hostOf, safeLookup } from './destination.js';
import { nextAttemptAt, OutboxPump } from '../delivery/outbox-pump.js';
import { sign } from './sign.js';
import { dueDeliveries, markDelivered, markRetry } from './store.js';

export interface DelivererOptions {
  baseDelayMs: number;
  maxAttempts: number;
  timeoutMs: number;
  pollMs: number;
  clock: () => number;
  /** STATUS_WEBHOOK_ALLOW_PRIVATE: deliver to loopback/private addresses too (tests only). */
  allowPrivate?: boolean;
}

const FAILED = 'delivery failed';
const REFUSED = 'refused: the destination is not a public address';

/** POSTs once and resolves with the status code; throws on connection errors and timeouts. */
async function postOnce(target: string, headers: Record<string, string>, body: string, timeoutMs: number, allowPrivate: boolean): Promise<number> {
  const url = new URL(target);
  // An IP literal never goes through `lookup`: check it here.
  await checkHost(hostOf(url), allowPrivate);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = transport.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: safeLookup(allowPrivate), agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    const deadline = setTimeout(() => request.destroy(new Error('timed out')), timeoutMs);
    request.on('close', () => clearTimeout(deadline));
    request.on('error', reject);
    request.end(body);
  });
}

export class WebhookDeliverer {
  private readonly pump: OutboxPump;

  constructor(
    private readonly db: StatusDb,
    private readonly options: DelivererOptions,
  ) {
    this.pump = new OutboxPump(() => this.deliverDue(), options.pollMs, true);
  }

  start(): void {
    this.pump.start();
  }

  stop(): Promise<void> {
    return this.pump.stop();
  }

  /** Nudges delivery after something was queued, instead of waiting for the next poll. */
  kick(): void {
    this.pump.kick();
  }

  async deliverDue(): Promise<void> {
    const due = await dueDeliveries(this.db, this.options.clock());
    await Promise.all(
      due.map(async (d) => {
        const attempts = d.attempts + 1;
        try {
          const status = await postOnce(
            d.url,
            {
              'content-type': 'application/json',
              'user-agent': 'SirbStatusWebhook/1.0',
              'x-sirb-event': d.event,
              'x-sirb-delivery': String(d.id),
              'x-sirb-signature': sign(d.secret, d.payload),
            },
            d.payload,
            this.options.timeoutMs,
            this.options.allowPrivate ?? false,
          );
          // A redirect is not followed: it counts as a failure like any other non-2xx answer.
          if (status < 200 || status >= 300) throw new Error(FAILED);
          await markDelivered(this.db, d.id, attempts, this.options.clock());
        } catch (error) {
          const now = this.options.clock();
          const nextAt = nextAttemptAt(this.options, attempts, now, 0.1);
          await markRetry(this.db, d.id, attempts, nextAt, error instanceof ForbiddenDestination || (error as Error).name === 'ForbiddenDestination' ? REFUSED : FAILED, now);
        }
      }),
    );
  }
}
