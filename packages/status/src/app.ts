// Builds the status service's HTTP app: plugins, then each domain's routes.
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { StatusContext } from './context.js';
import { installErrorHandler } from './http/errors.js';
import { componentRoutes } from './components/routes.js';
import { incidentRoutes } from './incidents/routes.js';
import { reportRoutes } from './reports/routes.js';
import { statuspageRoutes } from './statuspage/routes.js';
import { webRoutes } from './web/routes.js';
import { webhookRoutes } from './webhooks/routes.js';

export function createFastify(options: { logLevel: string; trustProxy: boolean }): FastifyInstance {
  return Fastify({
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    trustProxy: options.trustProxy,
    bodyLimit: 64 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });
}

export async function installStatusRoutes(app: FastifyInstance, ctx: StatusContext): Promise<void> {
  installErrorHandler(app);
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
}
