// Waiting on observable state instead of sleeping: a test says what it waits for, and goes on as
// soon as it holds (fast machines stay fast) or fails naming it (slow ones get the whole timeout).
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this many milliseconds. */
  timeout?: number;
  /** Poll every this many milliseconds. */
  interval?: number;
  /** What is awaited, for the error (a function to describe the state at the time of failure). */
  what?: string | (() => string);
}

/**
 * Calls `probe` until it returns something truthy, and returns that. An error thrown by the probe
 * is not retried: it fails the wait at once (a process that exited will not start later).
 */
export async function waitFor<T>(probe: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const { timeout = 5000, interval = 10, what = 'the condition' } = options;
  const deadline = performance.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await delay(interval);
  }
}
