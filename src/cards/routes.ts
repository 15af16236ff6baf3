// GET /api/v1/statuses/:id/card: deprecated in Mastodon (the Status carries `card`), but clients
// still ask. The status must be one the viewer may see; no card is an empty object, as Mastodon
// answered.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { viewerOf } from '../http/auth.js';
import { IdParams, responses, type Api } from '../http/schemas.js';
import { EmptyObject, PreviewCard } from '../http/entities/index.js';

export function cardRoutes(app: Api, ctx: AppContext): void {
  const schema = { tags: ['statuses'], deprecated: true, params: IdParams, response: responses({ 200: Type.Union([Type.Ref(PreviewCard), EmptyObject]) }) };
  app.get('/api/v1/statuses/:id/card', { schema }, async (request) => {
    const status = await ctx.posts.show(Number(request.params.id), viewerOf(request));
    return (status.reblog ?? status).card ?? {};
  });
  ctx.cards.images.routes(app as unknown as FastifyInstance);
}
