import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { Flag, IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { Account, Relationship, Status } from '../http/entities/index.js';

const MuteBody = Type.Object({
  notifications: Type.Optional(Flag),
  // Seconds; 0 (or null) mutes until unmuted. A hundred years at most: any longer is forever.
  // Null first: ajv turns "" into null there, before the integer branch could refuse it.
  duration: Type.Optional(Type.Union([Type.Null(), Type.Integer({ minimum: 0, maximum: 3_155_760_000 })])),
});

const tags = ['accounts'];
const AccountList = Type.Array(Type.Ref(Account));
const RelationshipRef = responses({ 200: Type.Ref(Relationship) });

/** Mastodon's blocks, mutes and conversation mutes. */
export function blockMuteRoutes(app: Api, ctx: AppContext): void {
  const { blocksMutes, config } = ctx;

  for (const action of ['block', 'unblock'] as const) {
    app.post(`/api/v1/accounts/:id/${action}`, { schema: { tags, params: IdParams, response: RelationshipRef } }, async (request) => {
      const auth = requireUser(request, 'write:blocks');
      return blocksMutes[action](auth.accountId, Number(request.params.id));
    });
  }

  app.post('/api/v1/accounts/:id/mute', { schema: { tags, params: IdParams, body: MuteBody, response: RelationshipRef } }, async (request) => {
    const auth = requireUser(request, 'write:mutes');
    const body = request.body;
    return blocksMutes.mute(auth.accountId, Number(request.params.id), { notifications: body.notifications, duration: body.duration });
  });

  app.post('/api/v1/accounts/:id/unmute', { schema: { tags, params: IdParams, response: RelationshipRef } }, async (request) => {
    const auth = requireUser(request, 'write:mutes');
    return blocksMutes.unmute(auth.accountId, Number(request.params.id));
  });

  for (const [path, list, scope] of [['blocks', 'blocks', 'read:blocks'], ['mutes', 'mutes', 'read:mutes']] as const) {
    app.get(`/api/v1/${path}`, { schema: { tags, querystring: PageQuery, response: responses({ 200: AccountList }) } }, async (request, reply) => {
      const auth = requireUser(request, scope);
      const { accounts, cursors } = await blocksMutes[list](auth.accountId, pageOf(request.query, 40, 80));
      setLinkHeader(request, reply, config.publicUrl, cursors);
      return accounts;
    });
  }

  for (const [path, on] of [['mute', true], ['unmute', false]] as const) {
    app.post(`/api/v1/statuses/:id/${path}`, { schema: { tags: ['statuses'], params: IdParams, response: responses({ 200: Type.Ref(Status) }) } }, async (request) => {
      const auth = requireUser(request, 'write:mutes');
      return blocksMutes.muteConversation(auth.accountId, Number(request.params.id), on);
    });
  }
}
