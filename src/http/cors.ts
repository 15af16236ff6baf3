// CORS as Mastodon does it: the client API and the token endpoints may be called from any
// origin, because browser clients (Elk, Phanpy, Pinafore) run on their own domains. Tokens
// travel in the Authorization header, never in cookies, so a wildcard origin is safe here.
import type { FastifyInstance } from 'fastify';

const CORS_PATHS = /^\/(api\/|oauth\/token|oauth\/revoke|\.well-known\/|nodeinfo\/)/;
const EXPOSED = 'Link, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, X-Request-Id, Idempotency-Key';

export function installCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!CORS_PATHS.test(request.url)) return;
    reply.header('Access-Control-Allow-Origin', '*');
    reply.header('Access-Control-Expose-Headers', EXPOSED);
    // A preflight is answered here, before authentication: it carries no token.
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      reply
        .header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
        .header('Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? 'Authorization, Content-Type, Idempotency-Key')
        .header('Access-Control-Max-Age', '86400')
        .code(204)
        .send();
      return reply;
    }
  });
}
