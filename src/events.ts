// Events that other parts react to after a write has committed (streaming, caches, fan-out).
// Writes record them on their transaction (src/db/unit-of-work.ts), which publishes them here
// after commit; with Redis every process hears them, each once.
import { randomUUID } from 'node:crypto';

export type SirbEvent =
  | { type: 'status.created'; statusId: number; accountId: number }
  | {
      type: 'status.deleted';
      statusId: number;
      accountId: number;
      /**
       * Who could see it, so that its `delete` is streamed only to them: its visibility and the
       * accounts it mentioned. Absent (an older process): only the author is told.
       */
      visibility?: string;
      mentionedIds?: number[];
    }
  | { type: 'notification.created'; notificationId: number; accountId: number }
  /**
   * Its author edited the status (posts/edits.ts): streamed as `status.update` wherever the
   * original went. Recorded with `status.changed` (media), which evicts what renders it first.
   */
  | { type: 'status.edited'; statusId: number; accountId: number }
  /** The account's direct conversation got a status or was read (streamed as `conversation`). */
  | { type: 'conversation.changed'; accountId: number; conversationId: number }
  /** Accepted notification requests joined the account's notifications (streamed as `notifications_merged`). */
  | { type: 'notifications.merged'; accountId: number }
  | { type: 'follow.changed'; accountId: number; targetAccountId: number; following: boolean }
  /** The account blocked the target, or unblocked it (feeds of both change, and their streams). */
  | { type: 'block.changed'; accountId: number; targetAccountId: number; blocking: boolean }
  /** The account muted the target, changed the mute's terms, or unmuted it. */
  | { type: 'mute.changed'; accountId: number; targetAccountId: number }
  /** A status shows something new: a counter, (media) an attachment's description, (poll) its poll's votes, (card) its link's preview. */
  | { type: 'status.changed'; statusId: number; media?: boolean; poll?: boolean; card?: boolean }
  /** An account shows something new: profile, images, counters, last post. */
  | { type: 'account.changed'; accountId: number }
  /** The account favourited, bookmarked or reblogged something, or took it back. */
  | { type: 'marks.changed'; accountId: number }
  | { type: 'token.revoked'; tokenHash: string }
  /** The account's keyword filters changed (filters/): its cached filters go. */
  | { type: 'filters.changed'; accountId: number }
  /**
   * The account's list changed (title, replies_policy, exclusive, members) or went: its list
   * streams reload it; `home` when the change moves posts in or out of the owner's home (an
   * exclusive list's members), whose cached feed then goes.
   */
  | { type: 'list.changed'; accountId: number; listId: number; home: boolean }
  /** The account followed or unfollowed a hashtag: its home (feed and streams) changes. */
  | { type: 'tag_follow.changed'; accountId: number }
  /**
   * A moderator disabled or restored the account's login (disable, enable, unsuspend): every
   * process forgets its cached tokens of the account, and closes its streams when `refused`.
   */
  | { type: 'account.access.changed'; accountId: number; refused: boolean }
  /** The IP blocks changed: every process reloads them (moderation/admin-blocks.ts). */
  | { type: 'ip_blocks.changed' }
  /**
   * The accounts may no longer sign in: their streams close, their tokens stop working, and
   * caches forget them (their posts show nowhere). One event per batch of a mass suspension
   * (moderation/suspension.ts), so 50,000 accounts are a hundred messages, not 50,000.
   */
  | { type: 'accounts.suspended'; accountIds: number[] }
  /** The accounts are back: caches forget the suspended state they held. */
  | { type: 'accounts.unsuspended'; accountIds: number[] }
  /**
   * An announcement was published or edited (`announcement`), reacted to
   * (`announcement.reaction`) or withdrawn (`announcement.delete`): every user stream gets
   * `payload` as it is. Rendered once by the writing process: Mastodon's payloads have no
   * per-viewer field (announcements/stream.ts).
   */
  | { type: 'announcement.streamed'; event: 'announcement' | 'announcement.reaction' | 'announcement.delete'; payload: string };

export interface EventBus {
  /**
   * Announces a committed write (only the unit of work, src/db/unit-of-work.ts, calls it).
   * Resolves once this process's local listeners (fan-out) are done, so a write is
   * acknowledged only when followers' timelines show it. Listeners of every process's events
   * hear it at once, in this call, but are not waited for (streaming renders at its own pace).
   */
  publish(event: SirbEvent): Promise<void>;
  /**
   * Every event from every process, each once: this process's own as they are published,
   * other processes' as they arrive (streaming, caches). A synchronous listener has run by the
   * time publish resolves.
   */
  subscribe(listener: Listener): () => void;
  /** Only events from writes made by this process (work that must be done once, like fan-out). */
  subscribeLocal(listener: Listener): () => void;
  /**
   * Called when events from other processes may have been missed (the Redis subscription was
   * lost and is back): caches that rely on them must start over.
   */
  onGap(listener: () => void): () => void;
}

type Listener = (event: SirbEvent) => unknown;

/** Runs every listener; none can break the write that produced the event. */
async function callAll(listeners: Iterable<Listener>, event: SirbEvent): Promise<void> {
  await Promise.all(
    [...listeners].map(async (listener) => {
      try {
        await listener(event);
      } catch {
        /* a failing listener is its own problem; the write stands */
      }
    }),
  );
}

/** The two kinds of listeners every bus keeps; subclasses decide how events reach them. */
abstract class ListenerSets {
  protected local = new Set<Listener>();
  protected cluster = new Set<Listener>();
  protected gaps = new Set<() => void>();

  onGap(listener: () => void): () => void {
    this.gaps.add(listener);
    return () => this.gaps.delete(listener);
  }

  subscribe(listener: Listener): () => void {
    this.cluster.add(listener);
    return () => this.cluster.delete(listener);
  }

  subscribeLocal(listener: Listener): () => void {
    this.local.add(listener);
    return () => this.local.delete(listener);
  }

  /** This process's own event: every listener hears it here, and only here. */
  protected async deliverOwn(event: SirbEvent): Promise<void> {
    // callAll starts each listener before it first waits, so cluster listeners have run their
    // synchronous part (a cache eviction) before this returns; they are not waited for beyond.
    void callAll(this.cluster, event);
    await callAll(this.local, event);
  }
}

/** One process: every event is local. */
export class LocalEventBus extends ListenerSets implements EventBus {
  publish(event: SirbEvent): Promise<void> {
    return this.deliverOwn(event);
  }
}

/** Who published a message on the channel, so a process can tell its own from the others'. */
type ChannelMessage = SirbEvent & { origin?: string };
/** A process whose events could not be published (Redis was unavailable) says so when it is back. */
type GapNotice = { gap: true; origin: string };

/**
 * Several processes: events go through a Redis channel so a post made through one process
 * reaches streaming clients connected to another. A process hears its own events as it
 * publishes them and ignores them when they come back on the channel (each message carries
 * the publishing process's origin id), so every listener hears each event once.
 */
/** The bus's Redis transport, through Redis's circuit breaker (db/redis-breaker.ts): a dead Redis fails at once. */
export function guardedPublisher(client: { publish(channel: string, message: string): Promise<number> }, guard: <T>(call: () => Promise<T>) => Promise<T>) {
  return { publish: (channel: string, message: string) => guard(() => client.publish(channel, message)) };
}

export class RedisEventBus extends ListenerSets implements EventBus {
  constructor(
    private readonly publisher: { publish(channel: string, message: string): Promise<number> },
    subscriber: {
      subscribe(channel: string): Promise<unknown>;
      on(event: 'message', fn: (channel: string, message: string) => void): unknown;
      on(event: 'ready' | 'close', fn: () => void): unknown;
    },
    private readonly channel: string,
    /** This process's id on the channel; unique per bus. */
    readonly origin: string = randomUUID(),
  ) {
    super();
    void subscriber.subscribe(channel).catch(() => {});
    // While the subscription is down, other processes' events are lost; ioredis resubscribes
    // by itself on reconnect. Caches start over when it drops and again when it is back (what
    // they loaded meanwhile may have changed unheard).
    let connectedBefore = false;
    subscriber.on('close', () => {
      if (connectedBefore) this.gap();
    });
    subscriber.on('ready', () => {
      if (connectedBefore) this.gap();
      connectedBefore = true;
    });
    subscriber.on('message', (from, message) => {
      if (from !== this.channel) return;
      let parsed: ChannelMessage | null;
      try {
        parsed = JSON.parse(message) as ChannelMessage | null;
      } catch {
        return; /* not ours */
      }
      if (typeof parsed !== 'object' || parsed === null) return;
      // The event's own fields are flat beside the origin, so a process that predates the
      // origin id still reads it; one without an origin came from such a process.
      const { origin, ...event } = parsed;
      if (origin === this.origin) return;
      // Another process lost some of its events while Redis was out: caches start over.
      if ((parsed as Partial<GapNotice>).gap === true) return this.gap();
      void callAll(this.cluster, event as SirbEvent);
    });
  }

  /** Tells the listeners of gaps that events from other processes may have been missed. */
  private gap(): void {
    for (const listener of [...this.gaps]) listener();
  }

  /** Whether an event of this process failed to reach the channel since the last `recovered`. */
  private dropped = false;

  publish(event: SirbEvent): Promise<void> {
    const message: ChannelMessage = { ...event, origin: this.origin };
    // Without Redis the event still reaches this process's listeners (its streams, its caches);
    // the other processes are told they missed some once Redis is back (`recovered`).
    void this.publisher.publish(this.channel, JSON.stringify(message)).catch(() => {
      this.dropped = true;
    });
    return this.deliverOwn(event);
  }

  /**
   * Redis answers again after an outage (db/redis-breaker.ts). A hung Redis leaves the
   * subscription open but silent, so this process may have missed others' events: its caches
   * start over. If its own events were lost, every other process is told to do the same.
   */
  recovered(): void {
    this.gap();
    if (!this.dropped) return;
    this.dropped = false;
    const notice: GapNotice = { gap: true, origin: this.origin };
    void this.publisher.publish(this.channel, JSON.stringify(notice)).catch(() => {
      this.dropped = true;
    });
  }
}
