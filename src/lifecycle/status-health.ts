// What the app's /healthz says about the status service: asked over HTTP (the two share nothing
// else, and in cluster mode the worker answering /healthz is not the process supervising it),
// with a short deadline and a short cache so health checks stay cheap and never hang on it.
export type StatusServiceHealth = 'ok' | 'unavailable';

export interface StatusServiceCheck {
  (): Promise<StatusServiceHealth | undefined>;
  /**
   * The last answer without waiting for one (a stale one is refreshed in the background):
   * undefined until the first answer, and when no status service is configured. The instance
   * endpoint uses it so a hung status service never slows the app's answers.
   */
  known(): StatusServiceHealth | undefined;
  /** How long every answer has been 'unavailable' (0 while it answers, or before any answer). */
  downForMs(): number;
}

const shared = new Map<string, StatusServiceCheck>();

/** The one check of this process for `url` (/healthz and the instance endpoint say the same). */
export function sharedStatusServiceHealth(url: string | undefined): StatusServiceCheck {
  const key = url ?? '';
  let check = shared.get(key);
  if (!check) shared.set(key, (check = statusServiceHealth(url)));
  return check;
}

/**
 * A fresh answer if one comes within `waitMs`, else the last known one: callers that must stay
 * fast (the instance endpoint) never wait long on a hung status service.
 */
export async function statusServiceSoon(check: StatusServiceCheck, waitMs = 250): Promise<StatusServiceHealth | undefined> {
  let arrive: (value: undefined) => void = () => undefined;
  const late = new Promise<undefined>((resolve) => (arrive = resolve));
  const timer = setTimeout(() => arrive(undefined), waitMs);
  try {
    return (await Promise.race([check(), late])) ?? check.known();
  } finally {
    clearTimeout(timer);
  }
}

export function statusServiceHealth(url: string | undefined, ttlMs = 2000, timeoutMs = 1000): StatusServiceCheck {
  let cached: { at: number; value: Promise<StatusServiceHealth> } | undefined;
  let settled: StatusServiceHealth | undefined;
  let downSince: number | undefined;
  const check = async () => {
    if (!url) return undefined;
    if (!cached || Date.now() - cached.at > ttlMs) {
      cached = {
        at: Date.now(),
        value: fetch(`${url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) })
          .then(async (response) => {
            const body = (await response.json().catch(() => ({}))) as { status?: string };
            return response.ok && body.status === 'ok' ? 'ok' : 'unavailable';
          })
          .catch(() => 'unavailable' as const)
          .then((value) => {
            downSince = value === 'ok' ? undefined : (downSince ?? Date.now());
            return (settled = value);
          }),
      };
    }
    return cached.value;
  };
  return Object.assign(check, {
    known() {
      void check();
      return settled;
    },
    downForMs() {
      return downSince === undefined ? 0 : Date.now() - downSince;
    },
  });
}
