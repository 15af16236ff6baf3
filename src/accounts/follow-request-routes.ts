import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { Account, Relationship } from '../http/entities/index.js';

const tags = ['accounts'];

/** Mastodon's follow request endpoints, and remove_from_followers (the followed side of follows). */
export function followRequestRoutes(app: Api, ctx: AppContext): void {
  const { followRequests, config } = ctx;

  app.get('/api/v1/follow_requests', { schema: { tags, querystring: PageQuery, response: responses({ 200: Type.Array(Type.Ref(Account)) }) } }, async (request, reply) => {
    const auth = requireUser(request, 'read:follows');
    const { accounts, cursors } = await followRequests.pending(auth.accountId, pageOf(request.query, 40, 80));
    setLinkHeader(request, reply, config.publicUrl, cursors);
    return accounts;
  });

  for (const action of ['authorize', 'reject'] as const) {
    app.post(`/api/v1/follow_requests/:id/${action}`, { schema: { tags, params: IdParams, response: responses({ 200: Type.Ref(Relationship) }) } }, async (request) => {
      const auth = requireUser(request, 'write:follows');
      return followRequests[action](auth.accountId, Number(request.params.id));
    });
  }

  app.post('/api/v1/accounts/:id/remove_from_followers', { schema: { tags, params: IdParams, response: responses({ 200: Type.Ref(Relationship) }) } }, async (request) => {
    const auth = requireUser(request, 'write:follows');
    return followRequests.removeFromFollowers(auth.accountId, Number(request.params.id));
  });
}
