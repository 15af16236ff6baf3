// POST /api/v1/reports: a visitor says something is wrong. Thin: the service validates.
// Open to any origin (CORS), so the app's web client can report from its own outage notice.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { StatusContext } from '../context.js';

function allowAnyOrigin(reply: FastifyReply): FastifyReply {
  return reply
    .header('access-control-allow-origin', '*')
    .header('access-control-allow-methods', 'POST, OPTIONS')
    .header('access-control-allow-headers', 'content-type')
    .header('access-control-max-age', '86400');
}

export function reportRoutes(app: FastifyInstance, ctx: StatusContext): void {
  app.options('/api/v1/reports', async (request, reply) => allowAnyOrigin(reply).code(204).send());

  app.post('/api/v1/reports', async (request, reply) => {
    allowAnyOrigin(reply);
    const accepted = await ctx.reports.report((request.body === undefined ? {} : request.body) as object, { ip: request.ip, headers: request.headers });
    ctx.metrics.report(accepted.problem);
    ctx.metrics.openRegions.set(ctx.reports.detector.openRegions().length);
    return reply.code(201).send({ ok: true, ...accepted });
  });
}
