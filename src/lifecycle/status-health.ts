// What the app's /healthz says about the status service: asked over HTTP (the two share nothing
// else, and in cluster mode the worker answering /healthz is not the process supervising it),
// with a short deadline and a short cache so health checks stay cheap and never hang on it.
export type StatusServiceHealth = 'ok' | 'unavailable';

export function statusServiceHealth(url: string | undefined, ttlMs = 2000, timeoutMs = 1000): () => Promise<StatusServiceHealth | undefined> {
  let cached: { at: number; value: Promise<StatusServiceHealth> } | undefined;
  return async () => {
    if (!url) return undefined;
    if (!cached || Date.now() - cached.at > ttlMs) {
      cached = {
        at: Date.now(),
        value: fetch(`${url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) })
          .then(async (response) => {
            const body = (await response.json().catch(() => ({}))) as { status?: string };
            return response.ok && body.status === 'ok' ? 'ok' : 'unavailable';
          })
          .catch(() => 'unavailable' as const),
      };
    }
    return cached.value;
  };
}
