// POST /api/v1/reports: a visitor says something is wrong. Thin: the service validates.
import type { FastifyInstance } from 'fastify';
import type { StatusContext } from '../context.js';

export function reportRoutes(app: FastifyInstance, ctx: StatusContext): void {
  app.post('/api/v1/reports', async (request, reply) => {
    const accepted = await ctx.reports.report((request.body === undefined ? {} : request.body) as object, { ip: request.ip, headers: request.headers });
    ctx.metrics.report(accepted.problem);
    ctx.metrics.openRegions.set(ctx.reports.detector.openRegions().length);
    return reply.code(201).send({ ok: true, ...accepted });
  });
}
