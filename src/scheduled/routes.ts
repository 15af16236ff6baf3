// Mastodon's /api/v1/scheduled_statuses (a post is scheduled through POST /api/v1/statuses with
// scheduled_at: posts/routes.ts hands it to ctx.scheduled).
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { EmptyObject, ScheduledStatus } from '../http/entities/index.js';

const tags = ['statuses'];
export function scheduledRoutes(app: Api, ctx: AppContext): void {
  const ok = responses({ 200: Type.Ref(ScheduledStatus) });
  app.get('/api/v1/scheduled_statuses', { schema: { tags, querystring: PageQuery, response: responses({ 200: Type.Array(Type.Ref(ScheduledStatus)) }) } }, async (request, reply) => {
    const auth = requireUser(request, 'read:statuses');
    const { statuses, cursors } = await ctx.scheduled.list(auth.accountId, pageOf(request.query, 20, 40));
    setLinkHeader(request, reply, ctx.config.publicUrl, cursors);
    return statuses;
  });
  app.get('/api/v1/scheduled_statuses/:id', { schema: { tags, params: IdParams, response: ok } }, async (request) => {
    const auth = requireUser(request, 'read:statuses');
    return ctx.scheduled.get(auth.accountId, Number(request.params.id));
  });
  const UpdateBody = Type.Object({ scheduled_at: Type.Optional(Type.String({ maxLength: 64 })) });
  app.put('/api/v1/scheduled_statuses/:id', { schema: { tags, params: IdParams, body: UpdateBody, response: ok } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    return ctx.scheduled.update(auth.accountId, Number(request.params.id), request.body?.scheduled_at);
  });
  app.delete('/api/v1/scheduled_statuses/:id', { schema: { tags, params: IdParams, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    await ctx.scheduled.remove(auth.accountId, Number(request.params.id));
    return {};
  });
}
