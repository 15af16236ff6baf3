// Runs one check and turns its outcome into a probe record: shared by the service's own probe
// loop and by probe agents elsewhere, so every location judges a check the same way.
import type { ComponentId } from '../components/catalog.js';
import { THROTTLED_PREFIX, type ProbeRecord } from '../components/store.js';
import { ProbeError, ProbeSkipped } from './http.js';

/** The record of one check; null when it was skipped (nothing to record). */
export async function runCheck(component: ComponentId, run: () => Promise<void>, timeoutMs: number, clock: () => number): Promise<ProbeRecord | null> {
  const at = clock();
  const started = performance.now();
  let deadline: NodeJS.Timeout | undefined;
  try {
    // A check that ignores its own deadline still must not hold up the cycle.
    await Promise.race([
      run(),
      new Promise((_, reject) => {
        deadline = setTimeout(() => reject(new ProbeError(`timed out after ${timeoutMs} ms`)), timeoutMs * 2);
        deadline.unref();
      }),
    ]);
    return { component, at, ok: true, latencyMs: performance.now() - started };
  } catch (error) {
    if (error instanceof ProbeSkipped) return null;
    // Throttled is not down: the app answered, it only would not serve the probe just now.
    if (error instanceof ProbeError && error.status === 429) {
      return { component, at, ok: true, throttled: true, latencyMs: performance.now() - started, error: `${THROTTLED_PREFIX}: ${error.message}`.slice(0, 300) };
    }
    const message = error instanceof ProbeError ? error.message : `unexpected: ${String(error)}`;
    return { component, at, ok: false, latencyMs: performance.now() - started, error: message.slice(0, 300) };
  } finally {
    clearTimeout(deadline);
  }
}
