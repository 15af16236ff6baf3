import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireApp } from '../http/auth.js';
import { OOB_REDIRECT, OAuthError } from './service.js';
import { pickLang, renderAuthorizePage, renderCodePage } from './authorize-page.js';

const AppBody = Type.Object({
  client_name: Type.String({ minLength: 1, maxLength: 200 }),
  redirect_uris: Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 10 })]),
  scopes: Type.Optional(Type.String({ maxLength: 500 })),
  website: Type.Optional(Type.String({ maxLength: 500 })),
});

const AuthorizeQuery = Type.Object({
  response_type: Type.Optional(Type.String({ maxLength: 50 })),
  client_id: Type.Optional(Type.String({ maxLength: 200 })),
  redirect_uri: Type.Optional(Type.String({ maxLength: 2000 })),
  scope: Type.Optional(Type.String({ maxLength: 500 })),
  state: Type.Optional(Type.String({ maxLength: 2000 })),
  code_challenge: Type.Optional(Type.String({ maxLength: 200 })),
  code_challenge_method: Type.Optional(Type.String({ maxLength: 20 })),
  lang: Type.Optional(Type.String({ maxLength: 5 })),
});

const AuthorizeForm = Type.Intersect([AuthorizeQuery, Type.Object({ login: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 200 }) })]);

const TokenBody = Type.Object(
  {
    grant_type: Type.Optional(Type.String({ maxLength: 50 })),
    code: Type.Optional(Type.String({ maxLength: 200 })),
    client_id: Type.Optional(Type.String({ maxLength: 200 })),
    client_secret: Type.Optional(Type.String({ maxLength: 200 })),
    redirect_uri: Type.Optional(Type.String({ maxLength: 2000 })),
    scope: Type.Optional(Type.String({ maxLength: 500 })),
    username: Type.Optional(Type.String({ maxLength: 320 })),
    password: Type.Optional(Type.String({ maxLength: 200 })),
    code_verifier: Type.Optional(Type.String({ maxLength: 200 })),
  },
);

const RevokeBody = Type.Object({
  client_id: Type.Optional(Type.String({ maxLength: 200 })),
  client_secret: Type.Optional(Type.String({ maxLength: 200 })),
  token: Type.Optional(Type.String({ maxLength: 200 })),
});

export function oauthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { oauth } = ctx;

  app.post('/api/v1/apps', { schema: { tags: ['apps'], body: AppBody } }, async (request) => {
    return oauth.registerApp(request.body as typeof AppBody.static);
  });

  app.get('/api/v1/apps/verify_credentials', { schema: { tags: ['apps'] } }, async (request) => {
    return oauth.appOf(requireApp(request));
  });

  app.get('/oauth/authorize', { schema: { tags: ['oauth'], querystring: AuthorizeQuery } }, async (request, reply) => {
    const q = request.query as typeof AuthorizeQuery.static;
    const { app: client, scopes } = await oauth.checkAuthorizeRequest(q);
    const lang = pickLang(q.lang, request.headers['accept-language']);
    const { lang: _lang, ...hidden } = q;
    reply.type('text/html; charset=utf-8');
    return renderAuthorizePage({ lang, appName: client.name, scopes, hidden: hidden as Record<string, string> });
  });

  app.post('/oauth/authorize', { schema: { tags: ['oauth'], body: AuthorizeForm } }, async (request, reply) => {
    const form = request.body as typeof AuthorizeForm.static;
    const { app: client, redirectUri, scopes } = await oauth.checkAuthorizeRequest(form);
    const lang = pickLang(form.lang, request.headers['accept-language']);
    const account = await oauth.signIn(form.login, form.password);
    if (!account) {
      const { login, password, lang: _l, ...hidden } = form;
      reply.code(401).type('text/html; charset=utf-8');
      return renderAuthorizePage({ lang, appName: client.name, scopes, hidden: hidden as Record<string, string>, failed: true, login });
    }
    const code = await oauth.createCode({
      appId: client.id,
      accountId: account.id,
      redirectUri,
      scopes,
      codeChallenge: form.code_challenge,
      codeChallengeMethod: form.code_challenge_method,
    });
    if (redirectUri === OOB_REDIRECT) {
      reply.type('text/html; charset=utf-8');
      return renderCodePage(lang, code);
    }
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (form.state) target.searchParams.set('state', form.state);
    return reply.redirect(target.toString(), 302);
  });

  app.post('/oauth/token', { schema: { tags: ['oauth'], body: TokenBody } }, async (request) => {
    return oauth.exchange(request.body as Record<string, string | undefined>);
  });

  app.post('/oauth/revoke', { schema: { tags: ['oauth'], body: RevokeBody } }, async (request) => {
    const body = request.body as typeof RevokeBody.static;
    if (!body.token) throw new OAuthError('invalid_request', 'token is missing');
    await oauth.revoke(body);
    return {};
  });
}
