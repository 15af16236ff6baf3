// Delivers live events to connected clients (WebSocket or SSE) in Mastodon's streaming shape.
// It listens on the event bus, so it sees only writes that have committed; each event is loaded
// once and then presented per subscriber (whose viewer flags differ).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EventBus, SirbEvent } from '../events.js';
import type { StatusPresenter } from '../posts/presenter.js';
import type { NotificationService } from '../notifications/service.js';
import { findStatus } from '../posts/store.js';
import { hashtagKey } from '../lib/arabic.js';
import { inHome, onPublicTimelines, type Relations } from '../visibility/rules.js';
import type { VisibilityService } from '../visibility/service.js';

/** What the hub asks of visibility: a connection's follows, and the facts about a new status. */
export type HubVisibility = Pick<VisibilityService, 'followedIdsOf' | 'factsForEveryone'>;

export type StreamName = 'user' | 'user:notification' | 'public' | 'public:local' | 'hashtag' | 'hashtag:local';
export const STREAM_NAMES: StreamName[] = ['user', 'user:notification', 'public', 'public:local', 'hashtag', 'hashtag:local'];

export interface Subscription {
  stream: StreamName;
  tag?: string; // hashtag key (Arabic-folded), what posts are matched by
  /** The tag as the client subscribed to it, echoed back in the stream name. */
  tagName?: string;
}

export interface StreamEvent {
  stream: string[];
  event: 'update' | 'delete' | 'notification' | 'status.update';
  payload: string;
}

/** One connection; its follows (kept current by follow events) are its viewer's relations. */
export class Subscriber implements Relations {
  readonly subscriptions: Subscription[] = [];
  following: Set<number> | null = null;
  /** Set by disconnect: a connection that closed while it was being connected stays out. */
  closed = false;

  constructor(
    readonly accountId: number | undefined,
    readonly send: (event: StreamEvent) => void,
  ) {}

  follows(accountId: number): boolean {
    return this.following?.has(accountId) ?? false;
  }

  has(stream: StreamName, tag?: string): boolean {
    return this.subscriptions.some((s) => s.stream === stream && s.tag === tag);
  }

  add(sub: Subscription): void {
    if (!this.has(sub.stream, sub.tag)) this.subscriptions.push(sub);
  }

  remove(sub: Subscription): void {
    const i = this.subscriptions.findIndex((s) => s.stream === sub.stream && s.tag === sub.tag);
    if (i >= 0) this.subscriptions.splice(i, 1);
  }
}

export class StreamingHub {
  private subscribers = new Set<Subscriber>();
  private unsubscribe: () => void;

  constructor(
    private readonly db: Kysely<Database>,
    events: EventBus,
    private readonly presenter: StatusPresenter,
    private readonly notifications: NotificationService,
    private readonly visibility: HubVisibility,
    private readonly log: (error: unknown) => void = () => {},
  ) {
    this.unsubscribe = events.subscribe((event) => {
      this.dispatch(event).catch(this.log);
    });
  }

  get size(): number {
    return this.subscribers.size;
  }

  /**
   * Registers the connection, then loads whom it follows. Registered first: the socket may close
   * while the follows are looked up, and its disconnect must find it (else it would stay here,
   * rendered for on every post, for good).
   */
  async connect(subscriber: Subscriber): Promise<void> {
    if (subscriber.closed) return;
    this.subscribers.add(subscriber);
    if (subscriber.accountId !== undefined) {
      subscriber.following = new Set(await this.visibility.followedIdsOf(subscriber.accountId));
    }
  }

  disconnect(subscriber: Subscriber): void {
    subscriber.closed = true;
    this.subscribers.delete(subscriber);
  }

  close(): void {
    this.unsubscribe();
    this.subscribers.clear();
  }

  private async dispatch(event: SirbEvent): Promise<void> {
    if (this.subscribers.size === 0) return;
    switch (event.type) {
      case 'follow.changed':
        for (const s of this.subscribers) {
          if (s.accountId === event.accountId && s.following) {
            if (event.following) s.following.add(event.targetAccountId);
            else s.following.delete(event.targetAccountId);
          }
        }
        return;
      case 'status.deleted':
        for (const s of this.subscribers) {
          if (s.subscriptions.length) s.send({ stream: [s.subscriptions[0].stream], event: 'delete', payload: String(event.statusId) });
        }
        return;
      case 'notification.created': {
        const targets = [...this.subscribers].filter((s) => s.accountId === event.accountId && (s.has('user') || s.has('user:notification')));
        if (targets.length === 0) return;
        const json = await this.notifications.byId(event.accountId, event.notificationId);
        if (!json) return;
        for (const s of targets) s.send({ stream: [s.has('user') ? 'user' : 'user:notification'], event: 'notification', payload: JSON.stringify(json) });
        return;
      }
      case 'status.created':
        return this.dispatchStatus(event.statusId);
    }
  }

  private async dispatchStatus(statusId: number): Promise<void> {
    const status = await findStatus(this.db, statusId);
    if (!status) return;
    const facts = await this.visibility.factsForEveryone(status);
    const publicPost = onPublicTimelines(facts);
    const tags = publicPost ? await this.tagsOf(status.id) : new Set<string>();
    for (const s of this.subscribers) {
      // As on Mastodon, a status that fits several of a client's streams comes once per stream.
      const streams: string[][] = [];
      // The home rule is visibility's (rules.ts inHome); the connection's follows are its relations.
      if (s.has('user') && s.accountId !== undefined && s.following && inHome({ id: s.accountId, relations: s }, facts)) streams.push(['user']);
      if (publicPost) {
        for (const sub of s.subscriptions) {
          if (sub.stream === 'public' || sub.stream === 'public:local') streams.push([sub.stream]);
          if ((sub.stream === 'hashtag' || sub.stream === 'hashtag:local') && sub.tag && tags.has(sub.tag)) streams.push([sub.stream, sub.tagName ?? sub.tag]);
        }
      }
      if (streams.length === 0) continue;
      const [json] = await this.presenter.present([status], s.accountId);
      if (!json) continue;
      const payload = JSON.stringify(json);
      for (const stream of streams) s.send({ stream, event: 'update', payload });
    }
  }

  private async tagsOf(statusId: number): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('status_tags')
      .innerJoin('tags', 'tags.id', 'status_tags.tag_id')
      .select('tags.name_key')
      .where('status_tags.status_id', '=', statusId)
      .execute();
    return new Set(rows.map((t) => t.name_key));
  }
}

export function parseSubscription(stream: unknown, tag: unknown): Subscription | string {
  if (typeof stream !== 'string' || !STREAM_NAMES.includes(stream as StreamName)) return 'Unknown stream type';
  if (stream.startsWith('hashtag')) {
    if (typeof tag !== 'string' || !tag.trim()) return 'A hashtag stream needs a tag';
    return { stream: stream as StreamName, tag: hashtagKey(tag), tagName: tag.replace(/^#/, '') };
  }
  return { stream: stream as StreamName };
}
