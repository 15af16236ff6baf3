// Writes and the events they imply, kept together. A store function that writes takes the open
// transaction (a Tx) and records on it what its change means to others (`status.changed` for a
// counter, `follow.changed` for a follow, ...); the unit of work publishes those events once the
// transaction has committed, and none if it rolls back. So a service cannot forget to invalidate
// a cache or wake a stream: it cannot write without a Tx, and the Tx carries the events.
// (atproto collects `onCommit` callbacks on its transaction; GoToSocial hooks invalidation to its
// database layer. Same idea.)
import type { Kysely, Transaction } from 'kysely';
import type { EventBus, SirbEvent } from '../events.js';
import type { Database } from './schema.js';

/**
 * An open write transaction that also records the events its writes imply. It is the Kysely
 * transaction itself (reads and event-free writes take it as a plain Kysely), with `emit`.
 */
export type Tx = Transaction<Database> & {
  /** Records an event to publish after commit; the same event twice is published once. */
  emit(event: SirbEvent): void;
};

/**
 * Runs `work` in one transaction; after it commits, publishes what the work recorded. Not to be
 * nested: a store call inside takes the Tx it was given (a second write would wait for the
 * first one's connection on SQLite, which has one).
 */
export type Write = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

// Caches hear first what changed, so that a status announced next (streamed, fanned out) is
// rendered with fresh counters and authors; notifications, which render statuses, come last.
const PHASE: Record<SirbEvent['type'], number> = {
  'status.changed': 0,
  'account.changed': 0,
  'marks.changed': 0,
  'follow.changed': 0,
  'block.changed': 0,
  'mute.changed': 0,
  'token.revoked': 0,
  'filters.changed': 0,
  'account.access.changed': 0,
  'ip_blocks.changed': 0,
  'accounts.suspended': 0,
  'accounts.unsuspended': 0,
  'list.changed': 0,
  'tag_follow.changed': 0,
  'announcement.streamed': 0,
  'status.created': 1,
  'status.deleted': 1,
  'status.edited': 1,
  'notification.created': 2,
  'conversation.changed': 2,
  'notifications.merged': 2,
};

/** The events of one transaction, each once, in the order they are to be published. */
export class EventLog {
  private readonly events = new Map<string, SirbEvent>();
  private closed = false;

  add(event: SirbEvent): void {
    // An event recorded after its transaction ended would never be published: a bug to hear of.
    if (this.closed) throw new Error(`${event.type} recorded after its transaction ended`);
    const key = JSON.stringify(event);
    if (!this.events.has(key)) this.events.set(key, event);
  }

  /** Ends recording: the transaction committed or rolled back. */
  close(): void {
    this.closed = true;
  }

  /** Stable: events of one phase keep the order they were recorded in. */
  ordered(): SirbEvent[] {
    return [...this.events.values()].sort((a, b) => PHASE[a.type] - PHASE[b.type]);
  }
}

export function unitOfWork(db: Kysely<Database>, events: EventBus): Write {
  return async (work) => {
    const log = new EventLog();
    // Kysely's Transaction keeps its state in private fields, so it cannot be wrapped by a
    // proxy or a prototype; the recorder is set on this unit's own transaction object, which
    // nothing else sees and which is dropped when the unit ends.
    const result = await db
      .transaction()
      .execute((trx) => work(Object.assign(trx, { emit: (event: SirbEvent) => log.add(event) })))
      .finally(() => log.close());
    // One at a time, in order: each publish resolves once this process's fan-out is done, so
    // when the write is acknowledged its effects are visible.
    for (const event of log.ordered()) await events.publish(event);
    return result;
  };
}
