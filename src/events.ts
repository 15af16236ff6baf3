// In-process events that other parts react to after a write has committed (streaming, caches).
// Issue 5 puts a Redis-backed bus behind the same interface so that every process hears them.

export type SirbEvent =
  | { type: 'status.created'; statusId: number; accountId: number }
  | { type: 'status.deleted'; statusId: number; accountId: number }
  | { type: 'notification.created'; notificationId: number; accountId: number }
  | { type: 'follow.changed'; accountId: number; targetAccountId: number; following: boolean }
  /** A status shows something new: a counter, or (media) an attachment's description. */
  | { type: 'status.changed'; statusId: number; media?: boolean }
  /** An account shows something new: profile, images, counters, last post. */
  | { type: 'account.changed'; accountId: number }
  /** The account favourited, bookmarked or reblogged something, or took it back. */
  | { type: 'marks.changed'; accountId: number }
  | { type: 'token.revoked'; tokenHash: string };

export interface EventBus {
  /**
   * Announces a committed write. Resolves once this process's local listeners (fan-out) are
   * done, so a write is acknowledged only when followers' timelines show it; cluster
   * listeners (streaming) are not waited for.
   */
  publish(event: SirbEvent): Promise<void>;
  /** Every event, from every process (streaming needs to hear them all). */
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
}

/** One process: every event is local. */
export class LocalEventBus extends ListenerSets implements EventBus {
  async publish(event: SirbEvent): Promise<void> {
    void callAll(this.cluster, event);
    await callAll(this.local, event);
  }
}

/**
 * Several processes: events go through a Redis channel so a post made through one process
 * reaches streaming clients connected to another. Local listeners hear their own process's
 * events at once; cluster listeners hear everyone's (their own too) from the channel.
 */
export class RedisEventBus extends ListenerSets implements EventBus {
  constructor(
    private readonly publisher: { publish(channel: string, message: string): Promise<number> },
    subscriber: {
      subscribe(channel: string): Promise<unknown>;
      on(event: 'message', fn: (channel: string, message: string) => void): unknown;
      on(event: 'ready' | 'close', fn: () => void): unknown;
    },
    private readonly channel: string,
  ) {
    super();
    void subscriber.subscribe(channel).catch(() => {});
    // While the subscription is down, other processes' events are lost; ioredis resubscribes
    // by itself on reconnect. Caches start over when it drops and again when it is back (what
    // they loaded meanwhile may have changed unheard).
    let connectedBefore = false;
    const gap = () => {
      for (const listener of [...this.gaps]) listener();
    };
    subscriber.on('close', () => {
      if (connectedBefore) gap();
    });
    subscriber.on('ready', () => {
      if (connectedBefore) gap();
      connectedBefore = true;
    });
    subscriber.on('message', (from, message) => {
      if (from !== this.channel) return;
      try {
        void callAll(this.cluster, JSON.parse(message) as SirbEvent);
      } catch {
        /* not ours */
      }
    });
  }

  async publish(event: SirbEvent): Promise<void> {
    void this.publisher.publish(this.channel, JSON.stringify(event)).catch(() => {});
    await callAll(this.local, event);
  }
}
