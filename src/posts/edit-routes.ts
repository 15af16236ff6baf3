// Editing statuses (posts/edits.ts): PUT /api/v1/statuses/:id, its history and its source.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser, viewerOf } from '../http/auth.js';
import { Flag, Id, IdParams, responses, type Api } from '../http/schemas.js';
import { Status, StatusEdit, StatusSource } from '../http/entities/index.js';
import { PollParams } from './routes.js';

// `media_attributes[][id]=…` (a form) and `[{ "id": … }]` (JSON) both end up as this.
const MediaAttribute = Type.Object({
  id: Id,
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  // Accepted as Mastodon does; Sirb keeps no focal point (as POST /api/v1/media).
  focus: Type.Optional(Type.String({ maxLength: 50 })),
  thumbnail: Type.Optional(Type.Unknown()),
});

const EditBody = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 20_000 })),
  spoiler_text: Type.Optional(Type.String({ maxLength: 1000 })),
  sensitive: Type.Optional(Flag),
  language: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 10 })])),
  media_ids: Type.Optional(Type.Array(Id, { maxItems: 20 })),
  media_attributes: Type.Optional(Type.Array(MediaAttribute, { maxItems: 20 })),
  // Sent back whole by clients, as on Mastodon: left out, the status loses its poll.
  poll: Type.Optional(Type.Union([Type.Null(), PollParams])),
});

const tags = ['statuses'];

export function editRoutes(app: Api, ctx: AppContext): void {
  const { edits } = ctx;

  app.put('/api/v1/statuses/:id', { schema: { tags, params: IdParams, body: EditBody, response: responses({ 200: Type.Ref(Status) }) } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    const body = request.body ?? {};
    return edits.update(auth.accountId, Number(request.params.id), {
      status: body.status,
      spoiler_text: body.spoiler_text,
      sensitive: body.sensitive,
      language: body.language ?? undefined,
      media_ids: (body.media_ids ?? []).map(Number),
      media_attributes: (body.media_attributes ?? []).map((a) => ({ id: Number(a.id), description: a.description })),
      poll: body.poll ?? null,
    });
  });

  app.get('/api/v1/statuses/:id/history', { schema: { tags, params: IdParams, response: responses({ 200: Type.Array(Type.Ref(StatusEdit)) }) } }, async (request) => {
    return edits.history(Number(request.params.id), viewerOf(request));
  });

  app.get('/api/v1/statuses/:id/source', { schema: { tags, params: IdParams, response: responses({ 200: Type.Ref(StatusSource) }) } }, async (request) => {
    const auth = requireUser(request, 'read:statuses');
    return edits.source(Number(request.params.id), auth.accountId);
  });
}
