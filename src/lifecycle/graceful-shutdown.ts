// SIGTERM for one app process: stop taking connections, tell streaming clients to reconnect
// (WebSocket close 1012, "service restart"; SSE responses end), let the requests already being
// answered finish, then close the stores. The drain is bounded (SIRB_DRAIN_TIMEOUT_MS): a request
// still running after it is cut, because a deployment must not wait on one stuck client.
import type { RunningServer } from '../server.js';

/** RFC 6455 close code: the service is restarting; the client may reconnect (elsewhere) at once. */
export const SERVICE_RESTART = 1012;
export const DEFAULT_DRAIN_MS = 10_000;
/** Connections that finished their last response are closed this often while draining. */
const REAP_IDLE_MS = 100;

export function drainTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SIRB_DRAIN_TIMEOUT_MS;
  if (raw === undefined || raw === '') return DEFAULT_DRAIN_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`SIRB_DRAIN_TIMEOUT_MS must be a non-negative integer, got "${raw}"`);
  return value;
}

export interface DrainResult {
  /** Requests were still running when the drain time ran out, and were cut. */
  forced: boolean;
  ms: number;
}

export async function drainAndClose(server: RunningServer, drainMs = drainTimeoutFromEnv()): Promise<DrainResult> {
  const started = Date.now();
  const http = server.app.server;
  // Streams never end by themselves, so they would hold the drain to its limit: they go first.
  server.ctx.streaming.closeAll('service restart', SERVICE_RESTART);
  // app.close stops listening (with WORKERS=N the primary then hands new connections to the
  // other workers), answers requests that arrive on open connections with Connection: close
  // (return503OnClosing is off in app.ts), and resolves once every connection has ended.
  const closing = server.close();
  // A keep-alive connection whose request was in flight when the drain began goes idle once
  // answered, and would stay open until its keep-alive timeout: it is closed as soon as it is idle.
  const reaper = setInterval(() => http.closeIdleConnections(), REAP_IDLE_MS);
  let forced = false;
  const limit = setTimeout(() => {
    forced = true;
    http.closeAllConnections();
    // Upgraded sockets are no longer the HTTP server's: a WebSocket client that never answered
    // the close would otherwise hold the process until ws's own 30 s close timeout.
    for (const client of server.app.websocketServer?.clients ?? []) client.terminate();
  }, drainMs);
  try {
    await closing;
  } finally {
    clearInterval(reaper);
    clearTimeout(limit);
  }
  return { forced, ms: Date.now() - started };
}
