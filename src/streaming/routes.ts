// Mastodon's streaming API: one multiplexed WebSocket (/api/v1/streaming) and the older
// one-stream-per-request Server-Sent Events endpoints (/api/v1/streaming/user …).
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { bearerToken } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { Flag, responses, type Api } from '../http/schemas.js';
import { sha256 } from '../oauth/service.js';
import { parseSubscription, Subscriber, type StreamEvent, type StreamingHub, type StreamName, type SubscriberOptions } from './hub.js';

const HEARTBEAT_MS = 15_000;
/** WebSocket close code for a connection the server ends on purpose (RFC 6455: policy violation). */
const POLICY_CLOSE = 1008;

/** How the request was authenticated (auth.ts resolved the token), for the hub. */
function openedWith(request: FastifyRequest, close: (reason: string, code?: number) => void): SubscriberOptions {
  const auth = request.auth;
  const token = auth ? bearerToken(request) : undefined;
  return {
    credentials: auth && { scopes: auth.scopes, accountId: auth.accountId },
    tokenHash: token === undefined ? undefined : sha256(token),
    ip: request.ip,
    close,
  };
}

// The stream's name and tag are checked by parseSubscription, which answers in the stream as
// Mastodon does; the token may come as a parameter because browsers cannot set headers here.
const StreamQuery = Type.Object({
  stream: Type.Optional(Type.String({ maxLength: 50 })),
  tag: Type.Optional(Type.String({ maxLength: 200 })),
  list: Type.Optional(Type.String({ maxLength: 32 })),
  access_token: Type.Optional(Type.String({ maxLength: 200 })),
});
const TagQuery = Type.Composite([Type.Pick(StreamQuery, ['tag', 'list', 'access_token']), Type.Object({ only_media: Type.Optional(Flag) })]);

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
    const close = (reason: string, code = POLICY_CLOSE) => socket.close(code, reason);
    const subscriber = new Subscriber(accountId, sendJson, openedWith(request, close));
    // The stream in the URL and every `subscribe` message are checked alike (hub.subscribe).
    const subscribe = (stream: unknown, tag: unknown, list: unknown) => {
      const sub = parseSubscription(stream, tag, list);
      if (typeof sub === 'string') return sendJson({ error: sub, status: 400 });
      // A list stream asks the database whose list it is (hub.subscribeList); the messages
      // after it wait (`handled`), so they are still answered in order.
      if (sub.stream === 'list') {
        return hub.subscribeList(subscriber, sub).then(
          (refusal) => void (refusal && sendJson(refusal)),
          () => sendJson({ error: 'Error subscribing to the list', status: 500 }),
        );
      }
      const refusal = hub.subscribe(subscriber, sub);
      if (refusal) sendJson(refusal);
    };
    const query = request.query;
    const ready = hub.connect(subscriber).then((refusal) => {
      if (refusal) {
        sendJson(refusal);
        close(refusal.error);
        return;
      }
      if (query.stream !== undefined) return subscribe(query.stream, query.tag, query.list);
    });
    let handled: Promise<unknown> = ready;
    socket.on('message', (data) => {
      handled = handled.then(() => {
        if (subscriber.closed) return;
        let message: { type?: string; stream?: string; tag?: string; list?: string };
        try {
          message = JSON.parse(String(data));
        } catch {
          return sendJson({ error: 'Messages must be JSON', status: 400 });
        }
        // `null` parses too: reading its type would throw here, outside any handler (an
        // unhandled rejection, which ends the process), so anything but an object is answered.
        if (message === null || typeof message !== 'object') return sendJson({ error: 'Unknown message type', status: 400 });
        if (message.type === 'subscribe') return subscribe(message.stream, message.tag, message.list);
        else if (message.type === 'unsubscribe') {
          const sub = parseSubscription(message.stream, message.tag, message.list);
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
      const accountId = request.auth?.accountId ?? undefined;
      // Mastodon's SSE public streams take only_media=true for their :media variant.
      const named = request.query.only_media && stream.startsWith('public') ? (`${stream}:media` as StreamName) : stream;
      const sub = parseSubscription(named, request.query.tag, request.query.list);
      if (typeof sub === 'string') throw new ApiError(400, sub);
      const raw = reply.raw;
      let heartbeat: NodeJS.Timeout | undefined;
      const gone = () => {
        clearInterval(heartbeat);
        hub.disconnect(subscriber);
      };
      const subscriber = new Subscriber(
        accountId,
        (event: StreamEvent) => raw.write(`event: ${event.event}\ndata: ${event.payload}\n\n`),
        openedWith(request, () => {
          gone();
          raw.end();
        }),
      );
      // Refusals are answered before the stream starts, as Mastodon's JSON errors.
      const refusal = (sub.stream === 'list' ? await hub.subscribeList(subscriber, sub) : hub.subscribe(subscriber, sub)) ?? hub.admit(subscriber);
      if (refusal) throw new ApiError(refusal.status, refusal.error);
      // Admitted: from here to listening for the close nothing waits, so no close is missed.
      reply.hijack();
      raw.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      // Comment lines exactly as Mastodon's streaming server writes them: no blank line after a
      // comment (strict clients read one as an event without a name).
      raw.write(':)\n');
      heartbeat = setInterval(() => raw.write(':thump\n'), HEARTBEAT_MS);
      if (raw.destroyed) gone();
      else raw.on('close', gone);
      await hub.loadFollows(subscriber);
    });
  };
  sse('/api/v1/streaming/user', 'user');
  sse('/api/v1/streaming/user/notification', 'user:notification');
  sse('/api/v1/streaming/public', 'public');
  sse('/api/v1/streaming/public/local', 'public:local');
  sse('/api/v1/streaming/public/remote', 'public:remote');
  sse('/api/v1/streaming/hashtag', 'hashtag');
  sse('/api/v1/streaming/hashtag/local', 'hashtag:local');
  sse('/api/v1/streaming/direct', 'direct');
  sse('/api/v1/streaming/list', 'list');
}
