// Builds the status service's HTTP app: plugins, then each domain's routes.
import formbody from '@fastify/formbody';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { StatusContext } from './context.js';
import { installErrorHandler } from './http/errors.js';
import { componentRoutes } from './components/routes.js';
import { incidentRoutes } from './incidents/routes.js';
import { reportRoutes } from './reports/routes.js';
import { statuspageRoutes } from './statuspage/routes.js';
import { notFoundPageFor } from './web/not-found-page.js';
import { webRoutes } from './web/routes.js';
import { webhookRoutes } from './webhooks/routes.js';
import { badgeRoutes } from './badges/routes.js';
import { postmortemRoutes } from './incidents/postmortem.js';
import { incidentTemplateRoutes } from './incidents/templates.js';
import { subscriberRoutes } from './subscribers/routes.js';
import { adminPageRoutes } from './admin/routes.js';

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

export function createFastify(options: { logLevel: string; trustProxy: false | number | string[] }): FastifyInstance {
  return Fastify({
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    // A hop count trusts that many proxies nearest to us (proxy-addr counts hops from the socket).
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : options.trustProxy,
    bodyLimit: 64 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    // Errors the router raises before any hook or handler (an undecodable %-escape, a path
    // parameter over maxParamLength) would otherwise answer in Fastify's own shape
    // ({error, code, message, statusCode}) without the security headers.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      reply.headers(SECURITY_HEADERS);
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      return reply.code(status).send({ error: status === 414 ? 'Request path is too long' : 'Bad request path' });
    },
  });
}

// The pages work without script; the status page loads one same-origin file (local times, day
// details, refresh in place) and fetches only from here. CSS is inline (one <style> and a few
// style attributes). Nothing here may be framed (clickjacking the report form), sniffed or leak
// its URL onwards.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on the form's POST.
  'referrer-policy': 'same-origin',
};

export async function installStatusRoutes(app: FastifyInstance, ctx: StatusContext): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  installErrorHandler(app, notFoundPageFor);
  await app.register(formbody);
  app.get('/healthz', async (request, reply) => {
    try {
      await ctx.db.kysely.selectFrom('components').select('id').limit(1).execute();
      return { status: 'ok' };
    } catch (err) {
      request.log.error({ err }, 'status store unavailable');
      return reply.code(503).send({ status: 'unavailable', error: 'status store unavailable' });
    }
  });
  ctx.metrics.install(app);
  for (const routes of [componentRoutes, reportRoutes, incidentRoutes, webhookRoutes, statuspageRoutes, webRoutes]) routes(app, ctx);
  badgeRoutes(app, ctx);
  incidentTemplateRoutes(app, ctx);
  postmortemRoutes(app, ctx);
  subscriberRoutes(app, ctx);
  adminPageRoutes(app);
}
