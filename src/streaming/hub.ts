// Delivers live events to connected clients (WebSocket or SSE) in Mastodon's streaming shape.
// It listens on the event bus, so it sees only writes that have committed; each event is loaded
// once and then presented per subscriber, whose viewer flags differ (the routing of a status to
// streams is status-fanout.ts). It also keeps who may stream: scopes per subscription
// (access.ts), limits per token/account/address (limits.ts), and it closes the streams of a
// token revoked or an account suspended in any process.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EventBus, SirbEvent } from '../events.js';
import type { StatusPresenter } from '../posts/presenter.js';
import type { NotificationService } from '../notifications/service.js';
import { LIST_REFUSAL, OrganisingLoader } from './organising.js';
import type { VisibilityService } from '../visibility/service.js';
import type { StreamLimits } from '../config.js';
import type { ActiveFilters } from '../filters/active.js';
import type { ConversationService } from '../conversations/service.js';
import { refusalFor, seesNotifications, type StreamRefusal } from './access.js';
import { ConnectionCounter, NO_LIMITS, RecentKeys } from './limits.js';
import { Subscriber, type Subscription } from './subscriber.js';
import { StatusFanout } from './status-fanout.js';

/**
 * What the hub asks of visibility: a connection's follows (and blocks and mutes, when it can
 * tell them), and the facts about a new status.
 */
export type HubVisibility = Pick<VisibilityService, 'followedIdsOf' | 'factsForEveryone'> & Partial<Pick<VisibilityService, 'tiesOf'>>;

export { STREAM_NAMES, Subscriber, parseSubscription, type StreamEvent, type StreamName, type SubscriberOptions, type Subscription } from './subscriber.js';

export interface HubOptions {
  limits?: StreamLimits;
  /** The clock timed mutes end by. */
  clock?: () => number;
  log?: (error: unknown) => void;
  /** Keyword filters: per stream, hide leaves a status out and warn sends it with `filtered`. */
  filters?: ActiveFilters;
  /** Renders a conversation for its owner (the direct stream's `conversation` events). */
  conversations?: Pick<ConversationService, 'byId'>;
}

export class StreamingHub {
  private subscribers = new Set<Subscriber>();
  private unsubscribe: () => void;
  private readonly limits: StreamLimits;
  private readonly counter: ConnectionCounter;
  private readonly log: (error: unknown) => void;
  private readonly clock: () => number;
  private readonly conversations?: Pick<ConversationService, 'byId'>;
  private readonly revokedTokens = new RecentKeys<string>();
  private readonly suspendedAccounts = new RecentKeys<number>();
  /** Lists, exclusive lists and followed tags of the connections' viewers. */
  private readonly organising: OrganisingLoader;
  /** Sends new, edited and deleted statuses to the streams that show them. */
  private readonly fanout: StatusFanout;

  constructor(
    db: Kysely<Database>,
    events: EventBus,
    presenter: StatusPresenter,
    private readonly notifications: NotificationService,
    private readonly visibility: HubVisibility,
    options: HubOptions = {},
  ) {
    this.limits = options.limits ?? NO_LIMITS;
    this.counter = new ConnectionCounter(this.limits);
    this.log = options.log ?? (() => {});
    this.clock = options.clock ?? Date.now;
    this.conversations = options.conversations;
    this.organising = new OrganisingLoader(db);
    this.fanout = new StatusFanout(db, presenter, visibility, options.filters);
    this.unsubscribe = events.subscribe((event) => {
      this.dispatch(event).catch(this.log);
    });
  }

  get size(): number {
    return this.subscribers.size;
  }

  /**
   * Registers the connection, or says why not (a limit reached, its token just revoked) and
   * registers nothing. Synchronous, so the limits are counted without a gap; registered before
   * its follows are looked up, since the socket may close meanwhile and its disconnect must
   * find it (else it would stay here, rendered for on every post, for good).
   */
  admit(subscriber: Subscriber): StreamRefusal | null {
    if (subscriber.closed) return null;
    const { tokenHash } = subscriber.options;
    if ((tokenHash && this.revokedTokens.has(tokenHash)) || (subscriber.accountId !== undefined && this.suspendedAccounts.has(subscriber.accountId))) {
      return { error: 'Invalid access token', status: 401 };
    }
    const over = this.counter.admit(subscriber.keys);
    if (over) return { error: over, status: 429 };
    this.subscribers.add(subscriber);
    return null;
  }

  /**
   * Loads whom an admitted connection's viewer follows (its home stream needs it), blocks and
   * mutes (every stream of theirs leaves those accounts out).
   */
  async loadFollows(subscriber: Subscriber): Promise<void> {
    if (subscriber.accountId === undefined || !this.subscribers.has(subscriber)) return;
    subscriber.clock = this.clock;
    const [following, ties, exclusive, tags] = await Promise.all([
      this.visibility.followedIdsOf(subscriber.accountId),
      this.visibility.tiesOf?.(subscriber.accountId),
      this.organising.exclusiveMembers(subscriber.accountId),
      this.organising.followedTags(subscriber.accountId),
    ]);
    if (ties) subscriber.ties = ties;
    subscriber.exclusiveMembers = exclusive;
    subscriber.followedTags = tags;
    subscriber.following = new Set(following);
  }

  /** admit, then loadFollows. */
  async connect(subscriber: Subscriber): Promise<StreamRefusal | null> {
    const refusal = this.admit(subscriber);
    if (refusal) return refusal;
    await this.loadFollows(subscriber);
    return null;
  }

  /**
   * Adds a stream to the connection, if its credentials cover it (access.ts) and it has room
   * for one more; else says why not.
   */
  subscribe(subscriber: Subscriber, sub: Subscription): StreamRefusal | null {
    const refusal = refusalFor(sub.stream, subscriber.credentials);
    if (refusal) return refusal;
    if (subscriber.has(sub.stream, sub.tag)) return null;
    const max = this.limits.subscriptionsPerSocket;
    if (max > 0 && subscriber.subscriptions.length >= max) return { error: `Too many subscriptions on this connection (at most ${max})`, status: 429 };
    subscriber.add(sub);
    return null;
  }

  /**
   * Adds a list stream: as subscribe, and only for the list's owner (others: Mastodon's 401).
   * Its list is loaded here and kept current by `list.changed`.
   */
  async subscribeList(subscriber: Subscriber, sub: Subscription): Promise<StreamRefusal | null> {
    const refusal = refusalFor(sub.stream, subscriber.credentials);
    if (refusal) return refusal;
    const list = subscriber.accountId === undefined ? null : await this.organising.list(subscriber.accountId, sub.tag!);
    if (!list) return LIST_REFUSAL;
    subscriber.lists.set(sub.tag!, list);
    return this.subscribe(subscriber, sub);
  }

  disconnect(subscriber: Subscriber): void {
    subscriber.closed = true;
    if (this.subscribers.delete(subscriber)) this.counter.release(subscriber.keys);
  }

  /** Closes the connections that may stream no longer. */
  private end(which: (s: Subscriber) => boolean, reason: string): void {
    for (const s of [...this.subscribers]) {
      if (!which(s)) continue;
      this.disconnect(s);
      s.options.close?.(reason);
    }
  }

  /**
   * Ends every stream (the process is shutting down or restarting): WebSockets close with
   * `code` (1012, service restart, tells clients to reconnect), SSE responses end.
   */
  closeAll(reason: string, code?: number): void {
    for (const s of [...this.subscribers]) {
      this.disconnect(s);
      s.options.close?.(reason, code);
    }
  }

  close(): void {
    this.unsubscribe();
    this.subscribers.clear();
  }

  private async dispatch(event: SirbEvent): Promise<void> {
    // Remembered even with no one connected: a connection may be registering right now.
    if (event.type === 'token.revoked') {
      this.revokedTokens.add(event.tokenHash);
      return this.end((s) => s.options.tokenHash === event.tokenHash, 'The access token was revoked');
    }
    if (event.type === 'account.access.changed') {
      if (!event.refused) return this.suspendedAccounts.delete(event.accountId);
      this.suspendedAccounts.add(event.accountId);
      return this.end((s) => s.accountId === event.accountId, 'Your login is currently disabled');
    }
    if (event.type === 'accounts.suspended') {
      const accounts = new Set(event.accountIds);
      for (const id of accounts) this.suspendedAccounts.add(id);
      return this.end((s) => s.accountId !== undefined && accounts.has(s.accountId), 'The account is suspended');
    }
    if (event.type === 'accounts.unsuspended') {
      for (const id of event.accountIds) this.suspendedAccounts.delete(id);
      return;
    }
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
      case 'block.changed':
        // Both sides' streams change: the blocker's `blocking`, the blocked's `blockedBy`.
        for (const s of this.subscribers) {
          if (s.accountId === event.accountId) toggle(s.ties.blocking, event.targetAccountId, event.blocking);
          if (s.accountId === event.targetAccountId) toggle(s.ties.blockedBy, event.accountId, event.blocking);
        }
        return;
      case 'mute.changed':
        return this.reloadTies(event.accountId);
      case 'list.changed':
      case 'tag_follow.changed':
        return this.organising.reload([...this.subscribers].filter((s) => s.accountId === event.accountId), event);
      case 'status.deleted':
        return this.fanout.sendDelete(this.subscribers, event);
      case 'notification.created': {
        // The user stream carries notifications only for a token that may read them (access.ts).
        const streamOf = (s: Subscriber) => (s.has('user') && seesNotifications(s.credentials) ? 'user' : s.has('user:notification') ? 'user:notification' : null);
        const targets = [...this.subscribers].filter((s) => s.accountId === event.accountId && streamOf(s));
        if (targets.length === 0) return;
        const json = await this.notifications.byId(event.accountId, event.notificationId);
        if (!json) return;
        for (const s of targets) {
          const stream = streamOf(s);
          if (stream) s.send({ stream: [stream], event: 'notification', payload: JSON.stringify(json) });
        }
        return;
      }
      case 'notifications.merged':
        // Mastodon tells the streams that carry notifications, so clients reload them.
        for (const s of this.subscribers) {
          if (s.accountId !== event.accountId) continue;
          const stream = s.has('user') && seesNotifications(s.credentials) ? 'user' : s.has('user:notification') ? 'user:notification' : null;
          if (stream) s.send({ stream: [stream], event: 'notifications_merged', payload: '1' });
        }
        return;
      case 'conversation.changed': {
        // The owner's direct streams, with the conversation as the owner sees it.
        const targets = [...this.subscribers].filter((s) => s.accountId === event.accountId && s.has('direct'));
        if (targets.length === 0 || !this.conversations) return;
        const json = await this.conversations.byId(event.accountId, event.conversationId);
        if (!json) return;
        const payload = JSON.stringify(json);
        for (const s of targets) s.send({ stream: ['direct'], event: 'conversation', payload });
        return;
      }
      case 'status.created':
        return this.fanout.sendStatus(this.subscribers, event.statusId);
      case 'status.edited':
        // As Mastodon: the edited status, to every stream that was sent the original.
        return this.fanout.sendStatus(this.subscribers, event.statusId, 'status.update');
      case 'announcement.streamed':
        // Mastodon sends announcements to every signed-in user stream.
        for (const s of this.subscribers) if (s.accountId !== undefined && s.has('user')) s.send({ stream: ['user'], event: event.event, payload: event.payload });
        return;
      case 'filters.changed':
        // Mastodon tells the account's user streams, so its other clients reload their filters.
        for (const s of this.subscribers) if (s.accountId === event.accountId && s.has('user')) s.send({ stream: ['user'], event: 'filters_changed', payload: undefined });
        return;
    }
  }

  /** A mute's terms changed: the account's connections read their mutes again. */
  private async reloadTies(accountId: number): Promise<void> {
    const targets = [...this.subscribers].filter((s) => s.accountId === accountId);
    if (targets.length === 0 || !this.visibility.tiesOf) return;
    const ties = await this.visibility.tiesOf(accountId);
    for (const s of targets) s.ties = ties;
  }
}

function toggle(set: Set<number>, id: number, on: boolean): void {
  if (on) set.add(id);
  else set.delete(id);
}
