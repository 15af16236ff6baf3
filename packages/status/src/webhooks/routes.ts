// Webhook subscriptions (admin only: a public endpoint that makes us POST to any URL would be an
// open relay). The secret is shown once, at creation; receivers verify X-Sirb-Signature with it.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { COMPONENT_IDS } from '../components/catalog.js';
import type { StatusContext } from '../context.js';
import { StatusError } from '../http/errors.js';
import { checkHost, ForbiddenDestination, hostOf } from './destination.js';
import { createSubscription, deleteSubscription, deliveryLog, listSubscriptions } from './store.js';

const Body = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    // Only events about these components (incidents naming none concern everyone); default all.
    components: Type.Optional(Type.Array(Type.Union(COMPONENT_IDS.map((s) => Type.Literal(s))), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export function webhookRoutes(app: FastifyInstance, ctx: StatusContext): void {
  app.post<{ Body: Static<typeof Body> }>('/api/v1/subscriptions', { schema: { body: Body } }, async (request, reply) => {
    await ctx.admin.require(request);
    let url: URL;
    try {
      url = new URL(request.body.url);
    } catch {
      throw new StatusError(422, 'url must be an absolute http(s) URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new StatusError(422, 'url must be an absolute http(s) URL');
    if (url.username || url.password) throw new StatusError(422, 'url must not carry credentials; verify deliveries with the signature');
    try {
      await checkHost(hostOf(url), ctx.config.webhookAllowPrivate);
    } catch (error) {
      if (error instanceof ForbiddenDestination) throw new StatusError(422, 'url must point to a public address (not loopback, private, link-local or metadata)');
      throw new StatusError(422, 'url host does not resolve');
    }
    const sub = await createSubscription(ctx.db, url.toString(), ctx.clock(), [...new Set(request.body.components ?? [])]);
    return reply.code(201).send({ id: sub.id, url: sub.url, secret: sub.secret, components: sub.components, created_at: new Date(sub.createdAt).toISOString(), signature_header: 'X-Sirb-Signature' });
  });

  app.get('/api/v1/subscriptions', async (request) => {
    await ctx.admin.require(request);
    return (await listSubscriptions(ctx.db)).map((s) => ({ id: s.id, url: s.url, components: s.components, created_at: new Date(s.createdAt).toISOString() }));
  });

  app.get('/api/v1/subscriptions/deliveries', async (request) => {
    await ctx.admin.require(request);
    return (await deliveryLog(ctx.db)).map((d) => ({ id: d.id, subscription_id: d.subscription_id, event: d.event, attempts: d.attempts, delivered_at: d.delivered_at, failed_at: d.failed_at, last_error: d.last_error }));
  });

  app.delete<{ Params: { id: string } }>('/api/v1/subscriptions/:id', async (request, reply) => {
    await ctx.admin.require(request);
    if (!(await deleteSubscription(ctx.db, request.params.id))) throw new StatusError(404, 'Subscription not found');
    return reply.code(204).send();
  });
}
