// Mastodon's streaming API: one multiplexed WebSocket (/api/v1/streaming) and the older
// one-stream-per-request Server-Sent Events endpoints (/api/v1/streaming/user …).
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { responses, type Api } from '../http/schemas.js';
import { parseSubscription, Subscriber, type StreamEvent, type StreamingHub, type StreamName } from './hub.js';

const HEARTBEAT_MS = 15_000;

function needsUser(stream: StreamName): boolean {
  return stream === 'user' || stream === 'user:notification';
}

// The stream's name and tag are checked by parseSubscription, which answers in the stream as
// Mastodon does; the token may come as a parameter because browsers cannot set headers here.
const StreamQuery = Type.Object({
  stream: Type.Optional(Type.String({ maxLength: 50 })),
  tag: Type.Optional(Type.String({ maxLength: 200 })),
  access_token: Type.Optional(Type.String({ maxLength: 200 })),
});
const TagQuery = Type.Pick(StreamQuery, ['tag', 'access_token']);

const tags = ['streaming'];
const socketResponses = responses({ 101: Type.Null({ description: 'Switching Protocols: a WebSocket of Mastodon streaming messages' }) });
const eventResponses = responses({ 200: Type.Unsafe<string>({ description: 'Server-Sent Events', content: { 'text/event-stream': { schema: Type.String() } } }) });

export function streamingRoutes(app: Api, ctx: AppContext, hub: StreamingHub): void {
  app.get('/api/v1/streaming/health', { schema: { hide: true } }, async (request, reply) => reply.type('text/plain').send('OK'));

  app.get('/api/v1/streaming', { websocket: true, schema: { tags, querystring: StreamQuery, response: socketResponses } }, (socket, request) => {
    const accountId = request.auth?.accountId ?? undefined;
    const sendJson = (value: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(value));
    };
    const subscriber = new Subscriber(accountId, sendJson);
    const subscribe = (stream: unknown, tag: unknown) => {
      const sub = parseSubscription(stream, tag);
      if (typeof sub === 'string') return sendJson({ error: sub, status: 400 });
      if (needsUser(sub.stream) && accountId === undefined) return sendJson({ error: 'Missing access token', status: 401 });
      subscriber.add(sub);
    };
    const query = request.query;
    const ready = hub.connect(subscriber).then(() => {
      if (query.stream !== undefined) subscribe(query.stream, query.tag);
    });
    socket.on('message', (data) => {
      void ready.then(() => {
        let message: { type?: string; stream?: string; tag?: string };
        try {
          message = JSON.parse(String(data));
        } catch {
          return sendJson({ error: 'Messages must be JSON', status: 400 });
        }
        // `null` parses too: reading its type would throw here, outside any handler (an
        // unhandled rejection, which ends the process), so anything but an object is answered.
        if (message === null || typeof message !== 'object') return sendJson({ error: 'Unknown message type', status: 400 });
        if (message.type === 'subscribe') subscribe(message.stream, message.tag);
        else if (message.type === 'unsubscribe') {
          const sub = parseSubscription(message.stream, message.tag);
          if (typeof sub !== 'string') subscriber.remove(sub);
        } else sendJson({ error: 'Unknown message type', status: 400 });
      });
    });
    const ping = setInterval(() => socket.readyState === socket.OPEN && socket.ping(), HEARTBEAT_MS);
    socket.on('close', () => {
      clearInterval(ping);
      hub.disconnect(subscriber);
    });
  });

  const sse = (path: string, stream: StreamName) => {
    app.get(path, { schema: { tags, querystring: TagQuery, response: eventResponses } }, async (request, reply) => {
      const accountId = needsUser(stream) ? requireUser(request, 'read:statuses').accountId : (request.auth?.accountId ?? undefined);
      const sub = parseSubscription(stream, request.query.tag);
      if (typeof sub === 'string') throw new ApiError(400, sub);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      raw.write(':)\n\n');
      const subscriber = new Subscriber(accountId, (event: StreamEvent) => {
        raw.write(`event: ${event.event}\ndata: ${event.payload}\n\n`);
      });
      subscriber.add(sub);
      const heartbeat = setInterval(() => raw.write(':thump\n\n'), HEARTBEAT_MS);
      // Listened for before connecting: a client gone during the connect must still be removed.
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        hub.disconnect(subscriber);
      });
      await hub.connect(subscriber);
    });
  };
  sse('/api/v1/streaming/user', 'user');
  sse('/api/v1/streaming/user/notification', 'user:notification');
  sse('/api/v1/streaming/public', 'public');
  sse('/api/v1/streaming/public/local', 'public:local');
  sse('/api/v1/streaming/hashtag', 'hashtag');
  sse('/api/v1/streaming/hashtag/local', 'hashtag:local');
}
