// POST /api/v1/reports: a visitor says something is wrong. Thin: the service validates.
// Not open to every origin: a page elsewhere must not make its visitors file reports. The app's
// own web client (PUBLIC_URL's origin) may report cross-origin, with its user's token so the report
// counts as a signed-in one; any other browser origin is refused.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StatusContext } from '../context.js';
import { StatusError } from '../http/errors.js';
import { CLIENT_COOKIE, clientFromCookie, isCrossSite, originOf } from './reporter.js';

export function reportRoutes(app: FastifyInstance, ctx: StatusContext): void {
  const allowed = [originOf(ctx.config.appPublicUrl), originOf(ctx.config.publicUrl)].filter((o): o is string => !!o);
  const cors = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (typeof origin === 'string' && allowed.includes(origin)) {
      reply
        .header('access-control-allow-origin', origin)
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', 'content-type, authorization')
        .header('access-control-max-age', '86400');
    }
    return reply;
  };

  // The report form's visitors get a stored random id, so that people behind one address count as
  // the distinct reporters they are (the app's web client keeps its own in localStorage and sends
  // it as "client"). An id says nothing about who someone is, and each address is rate limited.
  app.addHook('onSend', async (request, reply, payload) => {
    const path = request.url.split('?')[0];
    if ((path === '/report' || path === '/') && request.method === 'GET' && !clientFromCookie(request.headers)) {
      const secure = request.protocol === 'https' ? '; Secure' : '';
      reply.header('set-cookie', `${CLIENT_COOKIE}=${randomBytes(18).toString('base64url')}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly${secure}`);
    }
    return payload;
  });

  app.options('/api/v1/reports', async (request, reply) => cors(request, reply).code(204).send());

  app.post('/api/v1/reports', async (request, reply) => {
    cors(request, reply);
    if (isCrossSite(request.headers, allowed)) throw new StatusError(403, 'Reports from other sites are not accepted');
    const accepted = await ctx.reports.report((request.body === undefined ? {} : request.body) as object, { ip: request.ip, headers: request.headers });
    ctx.metrics.report(accepted.problem);
    ctx.metrics.openRegions.set(ctx.reports.detector.openRegions().length);
    return reply.code(201).send({ ok: true, ...accepted });
  });
}
