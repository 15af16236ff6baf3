// Mastodon's conversations API: direct-message threads with their unread state.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { Conversation, EmptyObject } from '../http/entities/index.js';

const tags = ['conversations'];

export function conversationRoutes(app: Api, ctx: AppContext): void {
  const { conversations, config } = ctx;

  app.get('/api/v1/conversations', { schema: { tags, querystring: PageQuery, response: responses({ 200: Type.Array(Type.Ref(Conversation)) }) } }, async (request, reply) => {
    const auth = requireUser(request, 'read:statuses');
    const { conversations: list, cursors } = await conversations.list(auth.accountId, pageOf(request.query, 20, 40));
    // Paged by the conversations' last statuses, as Mastodon does.
    setLinkHeader(request, reply, config.publicUrl, cursors);
    return list;
  });

  app.delete('/api/v1/conversations/:id', { schema: { tags, params: IdParams, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireUser(request, 'write:conversations');
    await conversations.remove(auth.accountId, Number(request.params.id));
    return {};
  });

  app.post('/api/v1/conversations/:id/read', { schema: { tags, params: IdParams, response: responses({ 200: Type.Ref(Conversation) }) } }, async (request) => {
    const auth = requireUser(request, 'write:conversations');
    return conversations.read(auth.accountId, Number(request.params.id));
  });
}
