// One WebSocket per signed-in session to Mastodon's streaming API. Components register a
// handler and the streams they need (hashtags are subscribed on demand). When the socket is
// down, `streamConnected` says so and timelines fall back to polling.
import { createStore } from '../state/store';
import { session } from '../auth/session';
import { health, probeNow } from '../state/outage';

export interface StreamMessage {
  stream: string[];
  event: string;
  payload: unknown;
}

type Handler = (message: StreamMessage) => void;

export const streamConnected = createStore(false);
const handlers = new Set<Handler>();
const extraStreams = new Map<string, number>();
let socket: WebSocket | null = null;
let socketToken: string | null = null;
let retry: ReturnType<typeof setTimeout> | undefined;
let attempts = 0;
let idle: ReturnType<typeof setInterval> | undefined;
let lastHeard = 0;
/** A close waiting out `CLOSE_GRACE_MS` after the last listener left (see `listen`). */
let closing: ReturnType<typeof setTimeout> | undefined;
/**
 * When a page changes, its timeline stops listening a moment before the next one starts (a lazy
 * page mounts after its code arrives): the socket outlives that gap instead of being closed and
 * opened again (which also loses what arrived in between).
 */
const CLOSE_GRACE_MS = 2000;
/**
 * A hung server keeps an open socket open and silent (its pings are invisible to scripts), so a
 * socket quiet this long has the API asked whether it still answers (outage.ts).
 */
const QUIET_PROBE_MS = 45_000;

function streamKey(stream: string, tag?: string): string {
  return tag ? `${stream}:${tag}` : stream;
}

function send(key: string, type: 'subscribe' | 'unsubscribe'): void {
  if (socket?.readyState !== WebSocket.OPEN) return;
  if (key.startsWith('list:')) return socket.send(JSON.stringify({ type, stream: 'list', list: key.slice(5) }));
  const [stream, ...rest] = key.startsWith('hashtag:') ? ['hashtag', key.slice(8)] : [key];
  socket.send(JSON.stringify({ type, stream, ...(rest.length ? { tag: rest[0] } : {}) }));
}

function open(): void {
  if (closing) clearTimeout(closing);
  closing = undefined;
  const token = session.get()?.token ?? null;
  if (socket && socketToken === token) return;
  close();
  socketToken = token;
  const url = new URL('/api/v1/streaming', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token) url.searchParams.set('access_token', token);
  url.searchParams.set('stream', token ? 'user' : 'public:local');
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    attempts = 0;
    lastHeard = Date.now();
    streamConnected.set(true);
    for (const key of extraStreams.keys()) send(key, 'subscribe');
  };
  ws.onmessage = (event) => {
    lastHeard = Date.now();
    let message: StreamMessage;
    try {
      const raw = JSON.parse(String(event.data));
      if (!raw.event) return;
      // A delete's payload is the bare id: kept as the string it is (parsing it as JSON would
      // turn it into a number and could round a large id).
      const parse = typeof raw.payload === 'string' && raw.event !== 'delete';
      message = { stream: raw.stream ?? [], event: raw.event, payload: parse ? safeParse(raw.payload) : raw.payload };
    } catch {
      return;
    }
    for (const h of [...handlers]) h(message);
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    streamConnected.set(false);
    // A dropped socket is often the first sign of an outage: ask the API now, so the reader is
    // told even if they are only reading.
    void probeNow();
    // Back off up to 30 s: a server that is down should not be hammered by every open tab.
    const delay = Math.min(30_000, 1000 * 2 ** attempts++);
    retry = setTimeout(() => {
      retry = undefined;
      if (handlers.size) open();
    }, delay);
  };
}

function watchQuiet(): void {
  if (idle) return;
  idle = setInterval(() => {
    if (socket?.readyState === WebSocket.OPEN && Date.now() - lastHeard >= QUIET_PROBE_MS && document.visibilityState === 'visible') {
      lastHeard = Date.now();
      void probeNow();
    }
  }, QUIET_PROBE_MS / 3);
}

function close(): void {
  if (retry) clearTimeout(retry);
  retry = undefined;
  const ws = socket;
  socket = null;
  if (ws) {
    ws.onclose = null;
    ws.close();
  }
  streamConnected.set(false);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

session.subscribe(() => {
  if (handlers.size) open();
});

// While the API does not answer, nothing comes live either (a hung server leaves the socket open
// and silent): the socket is dropped, so the reader is not shown a live connection that isn't.
// When the API comes back after an outage, reconnect now rather than at the end of the backoff.
health.subscribe(() => {
  if (health.get() === 'down') {
    if (socket) close();
    return;
  }
  if (!socket && handlers.size) {
    attempts = 0;
    if (retry) clearTimeout(retry);
    retry = undefined;
    open();
  }
});

/** Listens to the stream; `extra` names a stream beyond the default one ("public:local", "hashtag:x"). */
export function listen(handler: Handler, extra?: string): () => void {
  handlers.add(handler);
  watchQuiet();
  if (extra) {
    extraStreams.set(extra, (extraStreams.get(extra) ?? 0) + 1);
    send(extra, 'subscribe');
  }
  open();
  return () => {
    handlers.delete(handler);
    if (extra) {
      const n = (extraStreams.get(extra) ?? 1) - 1;
      if (n <= 0) {
        extraStreams.delete(extra);
        send(extra, 'unsubscribe');
      } else extraStreams.set(extra, n);
    }
    if (!handlers.size && !closing) {
      closing = setTimeout(() => {
        closing = undefined;
        if (!handlers.size) close();
      }, CLOSE_GRACE_MS);
    }
  };
}

export function hashtagStream(tag: string): string {
  return streamKey('hashtag', tag.toLowerCase());
}

/** A list's stream: its messages come named ["list", id]. */
export function listStream(id: string): string {
  return streamKey('list', id);
}
