// The notification policy (v2: accept/filter/drop per kind of sender; v1: Mastodon's booleans)
// and the notification requests it files (Mastodon 4.3).
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { Flag, IdList, IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { EmptyObject, NotificationPolicy, NotificationRequest, V1NotificationPolicy } from '../http/entities/index.js';
import { POLICY_KEYS, type PolicyKey } from './policy.js';
import type { PolicyJson } from './requests.js';

const tags = ['notifications'];
// Any string is taken, so that a wrong value is answered 422 by the policy's own check.
const PolicyBody = Type.Partial(Type.Object(Object.fromEntries(POLICY_KEYS.map((k) => [k, Type.String({ maxLength: 20 })])) as Record<PolicyKey, ReturnType<typeof Type.String>>));
const V1PolicyBody = Type.Partial(Type.Object({ filter_not_following: Flag, filter_not_followers: Flag, filter_new_accounts: Flag, filter_private_mentions: Flag }));
const IdsBody = Type.Object({ id: Type.Optional(IdList(100)) });

/** API v1 tells only whether each kind of sender is held back at all. */
function v1(policy: PolicyJson) {
  return {
    filter_not_following: policy.for_not_following !== 'accept',
    filter_not_followers: policy.for_not_followers !== 'accept',
    filter_new_accounts: policy.for_new_accounts !== 'accept',
    filter_private_mentions: policy.for_private_mentions !== 'accept',
    summary: policy.summary,
  };
}

const ids = (list: string[] | undefined) => (list ?? []).filter((id) => /^\d{1,16}$/.test(id)).map(Number);

export function notificationPolicyRoutes(app: Api, ctx: AppContext): void {
  const { notificationRequests: service, config } = ctx;

  for (const method of ['PATCH', 'PUT'] as const) {
    app.route({
      method,
      url: '/api/v2/notifications/policy',
      schema: { tags, body: PolicyBody, response: responses({ 200: Type.Ref(NotificationPolicy) }) },
      handler: async (request) => {
        const auth = requireUser(request, 'write:accounts');
        return service.updatePolicy(auth.accountId, (request.body ?? {}) as Partial<Record<PolicyKey, string>>);
      },
    });
    app.route({
      method,
      url: '/api/v1/notifications/policy',
      schema: { tags, body: V1PolicyBody, response: responses({ 200: Type.Ref(V1NotificationPolicy) }) },
      handler: async (request) => {
        const auth = requireUser(request, 'write:accounts');
        const body = (request.body ?? {}) as Record<string, boolean | undefined>;
        const changes: Partial<Record<PolicyKey, string>> = {};
        for (const key of ['not_following', 'not_followers', 'new_accounts', 'private_mentions'] as const) {
          const flag = body[`filter_${key}`];
          if (flag !== undefined) changes[`for_${key}`] = flag ? 'filter' : 'accept';
        }
        return v1(await service.updatePolicy(auth.accountId, changes));
      },
    });
  }
  app.get('/api/v2/notifications/policy', { schema: { tags, response: responses({ 200: Type.Ref(NotificationPolicy) }) } }, async (request) => {
    const auth = requireUser(request, 'read:notifications');
    return service.policy(auth.accountId);
  });
  app.get('/api/v1/notifications/policy', { schema: { tags, response: responses({ 200: Type.Ref(V1NotificationPolicy) }) } }, async (request) => {
    const auth = requireUser(request, 'read:notifications');
    return v1(await service.policy(auth.accountId));
  });

  app.get('/api/v1/notifications/requests', { schema: { tags, querystring: PageQuery, response: responses({ 200: Type.Array(Type.Ref(NotificationRequest)) }) } }, async (request, reply) => {
    const auth = requireUser(request, 'read:notifications');
    const { requests, cursors } = await service.list(auth.accountId, pageOf(request.query, 40, 80));
    setLinkHeader(request, reply, config.publicUrl, cursors);
    return requests;
  });
  // Accepting happens at once here, so what was accepted has always been merged.
  app.get('/api/v1/notifications/requests/merged', { schema: { tags, response: responses({ 200: Type.Object({ merged: Type.Boolean() }, { additionalProperties: false }) }) } }, async (request) => {
    requireUser(request, 'read:notifications');
    return { merged: true };
  });
  app.post('/api/v1/notifications/requests/accept', { schema: { tags, body: IdsBody, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireUser(request, 'write:notifications');
    await service.accept(auth.accountId, ids(request.body?.id));
    return {};
  });
  app.post('/api/v1/notifications/requests/dismiss', { schema: { tags, body: IdsBody, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireUser(request, 'write:notifications');
    await service.dismiss(auth.accountId, ids(request.body?.id));
    return {};
  });
  app.get('/api/v1/notifications/requests/:id', { schema: { tags, params: IdParams, response: responses({ 200: Type.Ref(NotificationRequest) }) } }, async (request) => {
    const auth = requireUser(request, 'read:notifications');
    return service.get(auth.accountId, Number(request.params.id));
  });
  app.post('/api/v1/notifications/requests/:id/accept', { schema: { tags, params: IdParams, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireUser(request, 'write:notifications');
    await service.accept(auth.accountId, [Number(request.params.id)], true);
    return {};
  });
  app.post('/api/v1/notifications/requests/:id/dismiss', { schema: { tags, params: IdParams, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireUser(request, 'write:notifications');
    await service.dismiss(auth.accountId, [Number(request.params.id)], true);
    return {};
  });
}
