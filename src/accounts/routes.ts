import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireApp, requireUser } from '../http/auth.js';
import { enforceRateLimit } from '../http/rate-limit.js';
import { PageQuery, parsePage, setLinkHeader } from '../http/pagination.js';
import { IdParams, pathId, Flag, flag, idList } from '../http/params.js';
import { fileFrom } from '../media/routes.js';
import { newId } from '../lib/ids.js';

const RegisterBody = Type.Object({
  username: Type.String({ maxLength: 100 }),
  email: Type.String({ maxLength: 320 }),
  password: Type.String({ maxLength: 200 }),
  agreement: Type.Optional(Flag),
  locale: Type.Optional(Type.String({ maxLength: 10 })),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
});

const UpdateBody = Type.Object({
  display_name: Type.Optional(Type.String({ maxLength: 30 })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  locale: Type.Optional(Type.String({ maxLength: 10 })),
  bot: Type.Optional(Flag),
  locked: Type.Optional(Flag),
  discoverable: Type.Optional(Flag),
  source: Type.Optional(Type.Object({
    privacy: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('unlisted'), Type.Literal('private')])),
    language: Type.Optional(Type.String({ maxLength: 10 })),
    sensitive: Type.Optional(Flag),
  })),
});

const SearchQuery = Type.Object({
  q: Type.String({ maxLength: 500 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 80 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  resolve: Type.Optional(Flag),
  following: Type.Optional(Flag),
});

export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { accounts, oauth, config } = ctx;

  app.post('/api/v1/accounts', { schema: { tags: ['accounts'], body: RegisterBody } }, async (request, reply) => {
    const auth = requireApp(request, 'write:accounts');
    await enforceRateLimit(ctx.rateLimits, reply, `signup:${request.ip}`, config.rateLimit.registrationsPerWindow, config.rateLimit.windowSeconds);
    const body = request.body as typeof RegisterBody.static;
    const account = await accounts.register({ ...body, agreement: flag(body.agreement) });
    return oauth.issueToken(auth.appId, account.id, auth.scopes);
  });

  app.get('/api/v1/accounts/verify_credentials', { schema: { tags: ['accounts'] } }, async (request) => {
    // Mastodon 4.3's "profile" scope grants exactly this call (sign-in with Sirb, nothing more).
    const auth = requireUser(request, request.auth?.scopes.includes('profile') ? 'profile' : 'read:accounts');
    return accounts.credentials(auth.accountId);
  });

  app.patch('/api/v1/accounts/update_credentials', { schema: { tags: ['accounts'], body: UpdateBody } }, async (request) => {
    const auth = requireUser(request, 'write:accounts');
    const body = request.body as typeof UpdateBody.static;
    if (request.isMultipart()) {
      // Avatars and headers go through the same image pipeline as post media (sniffed, stripped).
      for (const field of ['avatar', 'header'] as const) {
        const file = await fileFrom(request, field);
        if (!file) continue;
        const { name } = await ctx.media.storeImage(file, newId());
        await accounts.setImages(auth.accountId, { [`${field}_url`]: `/media/${name}.webp` });
      }
    }
    return accounts.updateCredentials(auth.accountId, {
      display_name: body.display_name,
      note: body.note,
      locale: body.locale ?? body.source?.language,
      bot: flag(body.bot),
      locked: flag(body.locked),
      discoverable: flag(body.discoverable),
      privacy: body.source?.privacy,
    });
  });

  app.get('/api/v1/accounts/lookup', { schema: { tags: ['accounts'], querystring: Type.Object({ acct: Type.String({ minLength: 1, maxLength: 200 }) }) } }, async (request) => {
    return accounts.lookup((request.query as { acct: string }).acct);
  });

  app.get('/api/v1/accounts/relationships', { schema: { tags: ['accounts'] } }, async (request) => {
    const auth = requireUser(request, 'read:follows');
    const query = request.query as Record<string, unknown>;
    return accounts.relationships(auth.accountId, idList(query.id ?? query['id[]']).slice(0, 100));
  });

  app.get('/api/v1/accounts/search', { schema: { tags: ['accounts'], querystring: SearchQuery } }, async (request) => {
    const q = request.query as typeof SearchQuery.static;
    const viewer = request.auth?.accountId ?? undefined;
    return accounts.search(q.q, q.limit ?? 40, q.offset ?? 0, viewer, flag(q.following) ?? false);
  });

  app.get('/api/v1/accounts/:id', { schema: { tags: ['accounts'], params: IdParams } }, async (request) => {
    return accounts.get(pathId(request.params));
  });

  for (const direction of ['followers', 'following'] as const) {
    app.get(`/api/v1/accounts/:id/${direction}`, { schema: { tags: ['accounts'], params: IdParams, querystring: PageQuery } }, async (request, reply) => {
      const page = parsePage(request.query as PageQuery, 40, 80);
      const { accounts: list, cursors } = await accounts.followList(pathId(request.params), direction, page);
      setLinkHeader(request, reply, config.publicUrl, cursors);
      return list;
    });
  }

  app.post('/api/v1/accounts/:id/follow', { schema: { tags: ['accounts'], params: IdParams } }, async (request) => {
    const auth = requireUser(request, 'write:follows');
    return accounts.follow(auth.accountId, pathId(request.params));
  });

  app.post('/api/v1/accounts/:id/unfollow', { schema: { tags: ['accounts'], params: IdParams } }, async (request) => {
    const auth = requireUser(request, 'write:follows');
    return accounts.unfollow(auth.accountId, pathId(request.params));
  });
}
