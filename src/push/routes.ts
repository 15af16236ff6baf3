// Mastodon's Web Push subscription API, for the token that calls it (scope "push").
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { Flag, responses, type Api } from '../http/schemas.js';
import { EmptyObject } from '../http/entities/index.js';
import { ALERT_TYPES, POLICIES } from './store.js';

const tags = ['push'];
const AlertFlags = Type.Object(Object.fromEntries(ALERT_TYPES.map((t) => [t, Type.Optional(Flag)])), { additionalProperties: false });
const Data = Type.Object({ alerts: Type.Optional(AlertFlags), policy: Type.Optional(Type.String({ maxLength: 16 })) });
const CreateBody = Type.Object({
  subscription: Type.Object({
    endpoint: Type.String({ minLength: 1, maxLength: 2048 }),
    keys: Type.Object({ p256dh: Type.String({ maxLength: 128 }), auth: Type.String({ maxLength: 64 }) }),
    standard: Type.Optional(Flag),
  }),
  data: Type.Optional(Data),
  /** masto.js sends the policy here; Mastodon reads data[policy]. Both are taken. */
  policy: Type.Optional(Type.String({ maxLength: 16 })),
});
const UpdateBody = Type.Object({ data: Type.Optional(Data), policy: Type.Optional(Type.String({ maxLength: 16 })) });
const Subscription = Type.Object(
  {
    id: Type.String(),
    endpoint: Type.String(),
    standard: Type.Boolean(),
    alerts: Type.Object(Object.fromEntries(ALERT_TYPES.map((t) => [t, Type.Boolean()]))),
    policy: Type.Union(POLICIES.map((p) => Type.Literal(p))),
    server_key: Type.String(),
  },
);

export function pushRoutes(app: Api, ctx: AppContext): void {
  const ok = responses({ 200: Subscription });
  app.post('/api/v1/push/subscription', { schema: { tags, body: CreateBody, response: ok } }, async (request) => {
    const auth = requireUser(request, 'push');
    const { subscription, data, policy } = request.body;
    return ctx.push.subscribe(auth.tokenId, auth.accountId, {
      endpoint: subscription.endpoint,
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
      standard: subscription.standard,
      alerts: data?.alerts,
      policy: data?.policy ?? policy,
    });
  });
  app.get('/api/v1/push/subscription', { schema: { tags, response: ok } }, async (request) => {
    const auth = requireUser(request, 'push');
    return ctx.push.current(auth.tokenId);
  });
  app.put('/api/v1/push/subscription', { schema: { tags, body: UpdateBody, response: ok } }, async (request) => {
    const auth = requireUser(request, 'push');
    return ctx.push.update(auth.tokenId, request.body.data?.alerts, request.body.data?.policy ?? request.body.policy);
  });
  app.delete('/api/v1/push/subscription', { schema: { tags, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireUser(request, 'push');
    await ctx.push.remove(auth.tokenId);
    return {};
  });
}
