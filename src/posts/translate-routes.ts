// Mastodon's `POST /api/v1/statuses/:id/translate`. Sirb has no machine translator (the instance's
// `translation_languages` is {} and `configuration.translation.enabled` false), so after the
// visibility check (404 for a status the viewer may not see, as Mastodon) it answers as Mastodon
// 4.3 does when no translation service is configured: its TranslateStatusService refuses (a
// translation is not "permitted" without one), which the API answers 403.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { forbidden } from '../http/errors.js';
import { IdParams, responses, type Api } from '../http/schemas.js';

export function translateRoutes(app: Api, ctx: AppContext): void {
  const body = Type.Optional(Type.Object({ lang: Type.Optional(Type.String({ maxLength: 16 })) }));
  app.post('/api/v1/statuses/:id/translate', { schema: { tags: ['statuses'], params: IdParams, body, response: responses({ 200: Type.Object({}, { additionalProperties: true }) }) } }, async (request) => {
    const auth = requireUser(request, 'read:statuses');
    await ctx.posts.visibleStatus(Number(request.params.id), auth.accountId);
    throw forbidden();
  });
}
