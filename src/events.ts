// In-process events that other parts react to after a write has committed (streaming, caches).
// Issue 5 puts a Redis-backed bus behind the same interface so that every process hears them.
import { EventEmitter } from 'node:events';

export type SirbEvent =
  | { type: 'status.created'; statusId: number; accountId: number }
  | { type: 'status.deleted'; statusId: number; accountId: number }
  | { type: 'notification.created'; notificationId: number; accountId: number }
  | { type: 'follow.changed'; accountId: number; targetAccountId: number; following: boolean };

export interface EventBus {
  publish(event: SirbEvent): void;
  subscribe(listener: (event: SirbEvent) => void): () => void;
}

export class LocalEventBus implements EventBus {
  private emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: SirbEvent): void {
    // Listeners must never break the write that produced the event.
    for (const listener of this.emitter.listeners('event')) {
      try {
        (listener as (e: SirbEvent) => void)(event);
      } catch {
        /* a failing listener is its own problem */
      }
    }
  }

  subscribe(listener: (event: SirbEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
