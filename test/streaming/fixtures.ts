// Shared pieces of the streaming tests: tokens with chosen scopes, and a Server-Sent Events reader.
import type { Api, TestApp, TestUser } from '../helpers/client.js';
import { waitFor } from '../helpers/wait.js';

/** Every scope a test may ask a token for; apps can grant only what they registered. */
export const ALL_SCOPES = 'read write follow push profile';

/** A token of the user with exactly these scopes (the password grant, as a client would). */
export async function tokenWithScopes(api: Api, app: TestApp, user: TestUser, scope: string): Promise<string> {
  const res = await api.as(undefined).post('/oauth/token', {
    grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.username, password: user.password, scope,
  });
  if (res.status !== 200) throw new Error(`password grant failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token;
}

export interface EventStream {
  status: number;
  /** The JSON body when the server refused the stream. */
  body: unknown;
  /** Everything received so far. */
  text(): string;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Waits until the received text satisfies the predicate. */
  waitFor(predicate: (text: string) => boolean, what: string): Promise<void>;
  close(): void;
}

/** Opens an SSE stream (GET /api/v1/streaming/…) and keeps reading it in the background. */
export async function openEventStream(baseUrl: string, path: string, token?: string): Promise<EventStream> {
  const controller = new AbortController();
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await fetch(`${baseUrl}${path}`, { headers, signal: controller.signal });
  let received = '';
  let body: unknown;
  let ended: Promise<void>;
  if (res.headers.get('content-type')?.includes('text/event-stream')) {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    ended = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          received += decoder.decode(value, { stream: true });
        }
      } catch {
        /* aborted by the test */
      }
    })();
  } else {
    body = await res.json();
    ended = Promise.resolve();
  }
  return {
    status: res.status,
    body,
    text: () => received,
    get ended() {
      return within(ended, 'the event stream to end');
    },
    waitFor: async (predicate, what) => {
      await waitFor(() => predicate(received), { what: () => `${what}; got ${JSON.stringify(received)}` });
    },
    close: () => controller.abort(),
  };
}

/** Rejects, naming what was awaited, if the promise has not settled in time (no test hangs). */
export function within<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with the close code once the WebSocket is closed (by either side); to learn the
 * code, call it before the close can happen (a socket found closed already resolves with 0).
 */
export function closed(ws: import('ws').WebSocket): Promise<number> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve(0);
  return within(new Promise((resolve) => ws.once('close', (code) => resolve(code))), 'the WebSocket to close');
}
