// Web Push (Mastodon's /api/v1/push/subscription): one subscription per access token; each new
// notification goes, encrypted (RFC 8291, by the web-push library), to the subscriptions of its
// recipient whose alerts and policy want it. Delivery never holds up the write that made the
// notification; it is retried with backoff on network errors, 429 and 5xx, and a subscription
// the push service calls gone (404, 410) is dropped. Retries live in this process: a restart
// drops the few in flight (Mastodon's Sidekiq keeps them; a notification is never lost, only
// its push).
import webpush from 'web-push';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Config } from '../config.js';
import type { EventBus } from '../events.js';
import type { NotificationService } from '../notifications/service.js';
import { findAccountsByIds } from '../accounts/store.js';
import { isFollowing } from '../accounts/follows.js';
import { newId } from '../lib/ids.js';
import { ApiError, notFound } from '../http/errors.js';
import * as store from './store.js';
import { pushMessage } from './messages.js';
import { endpointAllowed, sendPush, type PreparedPush } from './transport.js';

type Db = Kysely<Database>;

/** Waits before each attempt: at once, then 2 s, 10 s and a minute. */
export const RETRY_DELAYS_MS = [0, 2_000, 10_000, 60_000];

export interface SubscribeInput {
  endpoint: string;
  p256dh: string;
  auth: string;
  standard?: boolean;
  alerts?: Partial<store.Alerts>;
  policy?: string;
}

export interface SubscriptionJson {
  id: string;
  endpoint: string;
  standard: boolean;
  alerts: store.Alerts;
  policy: store.Policy;
  server_key: string;
}

// Base64url or plain base64 (Mastodon decodes either: Mastodon.py sends plain base64 with padding);
// kept as unpadded base64url, what web-push reads.
const KEY_P256DH = /^[A-Za-z0-9_+/-]{86,88}={0,2}$/; // 65 bytes
const KEY_AUTH = /^[A-Za-z0-9_+/-]{22,24}={0,2}$/; // 16 bytes
const asBase64url = (key: string) => key.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export class PushService {
  private keys?: Promise<{ publicKey: string; privateKey: string }>;
  private readonly timers = new Set<NodeJS.Timeout>();
  private unsubscribe?: () => void;
  /** Deliveries started and not yet settled (tests and shutdown wait on them). */
  private inFlight = 0;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly notifications: NotificationService,
    private readonly clock: () => number,
    private readonly delays: number[] = RETRY_DELAYS_MS,
  ) {}

  /** Hears notifications written by this process (each is pushed once, by its writer). */
  start(events: EventBus): void {
    this.unsubscribe = events.subscribeLocal((event) => {
      if (event.type === 'notification.created') void this.deliver(event.accountId, event.notificationId);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  get pending(): number {
    return this.inFlight;
  }

  vapidPublicKey(): Promise<string> {
    return this.vapid().then((k) => k.publicKey);
  }

  async subscribe(tokenId: number, accountId: number, input: SubscribeInput): Promise<SubscriptionJson> {
    if (!endpointAllowed(input.endpoint, this.config.pushPrivateEndpoints)) {
      throw new ApiError(422, 'Validation failed: Endpoint must be an https URL of a push service');
    }
    if (!KEY_P256DH.test(input.p256dh)) throw new ApiError(422, 'Validation failed: Key p256dh is invalid');
    if (!KEY_AUTH.test(input.auth)) throw new ApiError(422, 'Validation failed: Key auth is invalid');
    const sub: store.PushSubscription = {
      id: newId(this.clock()),
      tokenId,
      accountId,
      endpoint: input.endpoint,
      p256dh: asBase64url(input.p256dh),
      auth: asBase64url(input.auth),
      standard: input.standard === true,
      alerts: mergeAlerts(undefined, input.alerts),
      policy: parsePolicy(input.policy) ?? 'all',
    };
    await store.saveSubscription(this.db, sub, this.clock());
    return this.present(sub);
  }

  async current(tokenId: number): Promise<SubscriptionJson> {
    const sub = await store.findSubscriptionByToken(this.db, tokenId);
    if (!sub) throw notFound();
    return this.present(sub);
  }

  async update(tokenId: number, alerts: Partial<store.Alerts> | undefined, policy: string | undefined): Promise<SubscriptionJson> {
    const sub = await store.findSubscriptionByToken(this.db, tokenId);
    if (!sub) throw notFound();
    sub.alerts = mergeAlerts(sub.alerts, alerts);
    sub.policy = parsePolicy(policy) ?? sub.policy;
    await store.updateSubscriptionData(this.db, tokenId, sub.alerts, sub.policy);
    return this.present(sub);
  }

  async remove(tokenId: number): Promise<void> {
    await store.deleteSubscriptionByToken(this.db, tokenId);
  }

  /** Pushes one notification to its recipient's subscriptions that want it. */
  async deliver(accountId: number, notificationId: number): Promise<void> {
    this.inFlight++;
    try {
      const subs = await store.liveSubscriptionsOf(this.db, accountId);
      if (subs.length === 0) return;
      const notification = await this.notifications.byId(accountId, notificationId);
      if (!notification) return;
      const [recipient] = await findAccountsByIds(this.db, [accountId]);
      if (!recipient) return;
      const fromId = Number(notification.account.id);
      const message = { notification_id: notification.id, notification_type: notification.type, ...pushMessage(notification, recipient.locale) };
      for (const sub of subs) {
        if (!sub.alerts[notification.type as store.AlertType]) continue;
        if (!(await this.policyAllows(sub.policy, accountId, fromId))) continue;
        this.attempt(sub, JSON.stringify(message), 0);
      }
    } catch (error) {
      console.error('push delivery failed:', error);
    } finally {
      this.inFlight--;
    }
  }

  private attempt(sub: store.PushSubscription, payload: string, attempt: number): void {
    const run = async () => {
      this.inFlight++;
      try {
        const { publicKey, privateKey } = await this.vapid();
        const prepared = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
          vapidDetails: { subject: this.subject(), publicKey, privateKey },
          TTL: 48 * 3600,
          contentEncoding: sub.standard ? 'aes128gcm' : 'aesgcm',
          urgency: 'normal',
        }) as unknown as PreparedPush;
        let status: number;
        try {
          status = await sendPush(prepared, this.config.pushPrivateEndpoints);
        } catch {
          status = 0; // a network error or a timeout: try again
        }
        if (status >= 200 && status < 300) return;
        if (status === 404 || status === 410) return void (await store.deleteSubscription(this.db, sub.id));
        if ((status === 0 || status === 429 || status >= 500) && attempt + 1 < this.delays.length) this.attempt(sub, payload, attempt + 1);
      } catch (error) {
        console.error('push delivery failed:', error);
      } finally {
        this.inFlight--;
      }
    };
    const delay = this.delays[attempt] ?? 0;
    if (delay === 0) return void run();
    this.inFlight++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.inFlight--;
      void run();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private async policyAllows(policy: store.Policy, recipientId: number, fromId: number): Promise<boolean> {
    if (policy === 'all') return true;
    if (policy === 'none') return false;
    return policy === 'followed' ? isFollowing(this.db, recipientId, fromId) : isFollowing(this.db, fromId, recipientId);
  }

  /** VAPID's contact: the server's https address, or a mailto: at its host (web-push wants one of the two). */
  private subject(): string {
    const url = new URL(this.config.publicUrl);
    return url.protocol === 'https:' ? url.origin : `mailto:push@${url.hostname}`;
  }

  private vapid(): Promise<{ publicKey: string; privateKey: string }> {
    this.keys ??= store.vapidKeys(this.db, () => webpush.generateVAPIDKeys(), this.clock()).catch((error) => {
      this.keys = undefined;
      throw error;
    });
    return this.keys;
  }

  private async present(sub: store.PushSubscription): Promise<SubscriptionJson> {
    return { id: String(sub.id), endpoint: sub.endpoint, standard: sub.standard, alerts: sub.alerts, policy: sub.policy, server_key: await this.vapidPublicKey() };
  }
}

/** Alerts asked for, over the ones there were (a new subscription wants none until asked). */
function mergeAlerts(current: store.Alerts | undefined, asked: Partial<store.Alerts> | undefined): store.Alerts {
  return Object.fromEntries(store.ALERT_TYPES.map((t) => [t, asked?.[t] ?? current?.[t] ?? false])) as store.Alerts;
}

function parsePolicy(policy: string | undefined): store.Policy | undefined {
  if (policy === undefined) return undefined;
  if (!(store.POLICIES as readonly string[]).includes(policy)) throw new ApiError(422, `Validation failed: Policy must be one of ${store.POLICIES.join(', ')}`);
  return policy as store.Policy;
}
