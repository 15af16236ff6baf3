// Mastodon's /api/v1/polls (a poll is made with its status: posts/routes.ts).
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser, viewerOf } from '../http/auth.js';
import { IdParams, responses, type Api } from '../http/schemas.js';
import { Poll } from '../http/entities/index.js';

const tags = ['polls'];
// choices[]=0&choices[]=2, or JSON numbers; a single value is a one-item list (ajv).
const VoteBody = Type.Object({ choices: Type.Optional(Type.Array(Type.Union([Type.Integer(), Type.String({ maxLength: 10 })]), { maxItems: 20 })) });

export function pollRoutes(app: Api, ctx: AppContext): void {
  const ok = responses({ 200: Type.Ref(Poll) });
  app.get('/api/v1/polls/:id', { schema: { tags, params: IdParams, response: ok } }, async (request) => {
    return ctx.polls.show(Number(request.params.id), viewerOf(request, 'read:statuses'));
  });
  app.post('/api/v1/polls/:id/votes', { schema: { tags, params: IdParams, body: VoteBody, response: ok } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    return ctx.polls.vote(auth.accountId, Number(request.params.id), (request.body?.choices ?? []).map(String));
  });
}
