// Every request the app makes has a deadline. A server that refuses connections fails at once,
// but one that accepts them and never answers (hung process, stuck proxy) would otherwise keep
// the app waiting forever: no banner, "Loading…" for good, Post greyed out without a word.
// Past the deadline the request is aborted and counts as the server being unreachable.

/** Ordinary API calls: far beyond any healthy answer, short enough for the reader to be told. */
export const API_DEADLINE_MS = 10_000;
/** Uploads carry whole files over slow links: they get longer. */
export const UPLOAD_DEADLINE_MS = 120_000;
/** The outage probe: the banner is up already, the probe only asks whether it may go. */
export const PROBE_DEADLINE_MS = 5_000;
/** How long sign-out waits for the server to forget this device before leaving anyway. */
export const SIGN_OUT_DEADLINE_MS = 3_000;

/** The server did not answer in time (told apart from an abort the caller asked for). */
export class DeadlineError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * Runs `work` with a signal that aborts after `ms` (or when `outer` aborts) and rejects with a
 * DeadlineError at the deadline even if `work` ignores its signal (a promise started elsewhere,
 * such as the home timeline boot.js asked for before the app loaded).
 */
export function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal | null): Promise<T> {
  const controller = new AbortController();
  const deadline = new DeadlineError(ms);
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(deadline);
      reject(deadline);
    }, ms);
  });
  return Promise.race([work(controller.signal), expired])
    .catch((error: unknown) => {
      // fetch rejects with the abort reason or a generic AbortError: either way, past the
      // deadline it is the deadline that ended it.
      if (controller.signal.reason === deadline) throw deadline;
      throw error;
    })
    .finally(() => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    });
}
