import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireApp } from '../http/auth.js';
import { responses, type Api } from '../http/schemas.js';
import { Application, EmptyObject, Token } from '../http/entities/index.js';
import { OOB_REDIRECT, OAuthError } from './service.js';
import { pickLang, renderAuthorizePage, renderCodePage, renderTwoFactorPage } from './authorize-page.js';
import { LoginGuard } from './login-guard.js';
import { findAccountById, findAccountByLogin } from '../accounts/store.js';
import { LOGIN_REFUSALS, loginRefusalOf, type LoginRefusal } from '../http/auth.js';
import { ApiError } from '../http/errors.js';

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

// The password step sends login and password; the two-factor step its ticket and the code.
const AuthorizeForm = Type.Intersect([
  AuthorizeQuery,
  Type.Object({
    login: Type.Optional(Type.String({ maxLength: 320 })),
    password: Type.Optional(Type.String({ maxLength: 200 })),
    two_factor_ticket: Type.Optional(Type.String({ maxLength: 200 })),
    otp_attempt: Type.Optional(Type.String({ maxLength: 20 })),
  }),
]);

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

/** An HTML page: not serialised (Fastify sends a string with its content type as it is). */
const HtmlPage = (description: string) => Type.Unsafe<string>({ description, content: { 'text/html': { schema: Type.String() } } });

/** The authorize request's own parameters, carried through the sign-in form as hidden fields. */
function hiddenFields(params: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export function oauthRoutes(app: Api, ctx: AppContext): void {
  const { oauth } = ctx;
  const guard = new LoginGuard(ctx.rateLimits, ctx.config.loginLimits, async (login) => (await findAccountByLogin(ctx.db.kysely, login))?.id, ctx.clock);

  app.post('/api/v1/apps', { config: { signedOutBody: true }, schema: { tags: ['apps'], body: AppBody, response: responses({ 200: Type.Ref(Application) }) } }, async (request) => {
    // The server's Web Push key, as Mastodon gives it with every app (push/service.ts).
    return { ...(await oauth.registerApp(request.body)), vapid_key: await ctx.push.vapidPublicKey() };
  });

  app.get('/api/v1/apps/verify_credentials', { schema: { tags: ['apps'], response: responses({ 200: Type.Ref(Application) }) } }, async (request) => {
    return { ...(await oauth.appOf(requireApp(request))), vapid_key: await ctx.push.vapidPublicKey() };
  });

  const TokenInfo = Type.Object(
    {
      resource_owner_id: Type.Union([Type.String(), Type.Null()]),
      scope: Type.Array(Type.String()),
      expires_in: Type.Null(),
      application: Type.Object({ uid: Type.String() }, { additionalProperties: false }),
    },
    { additionalProperties: false, description: "Doorkeeper's token info: the presented token's owner and scopes" },
  );
  app.get('/oauth/token/info', { schema: { tags: ['oauth'], response: responses({ 200: TokenInfo }) } }, async (request) => {
    return oauth.tokenInfo(requireApp(request));
  });

  app.get('/oauth/authorize', { schema: { tags: ['oauth'], querystring: AuthorizeQuery, response: responses({ 200: HtmlPage('the sign-in page') }) } }, async (request, reply) => {
    const { lang: asked, ...params } = request.query;
    const { app: client, scopes } = await oauth.checkAuthorizeRequest(params);
    const lang = pickLang(asked, request.headers['accept-language']);
    reply.type('text/html; charset=utf-8');
    return renderAuthorizePage({ lang, appName: client.name, scopes, hidden: hiddenFields(params) });
  });

  const signedIn = {
    200: HtmlPage('the code, for an out-of-band client; or the two-factor page, asking for the code'),
    302: Type.Null({ description: 'to the redirect URI, with the code' }),
    401: HtmlPage('the sign-in page again: wrong login or password (or the two-factor page again: wrong code)'),
    403: HtmlPage('the sign-in page again: the account is suspended, waits for approval or for its email confirmation'),
    429: HtmlPage('the sign-in page again: too many failed attempts for this account or address (Retry-After)'),
  };
  app.post('/oauth/authorize', { config: { signedOutBody: true }, schema: { tags: ['oauth'], body: AuthorizeForm, response: responses(signedIn) } }, async (request, reply) => {
    const form = request.body;
    const { app: client, redirectUri, scopes } = await oauth.checkAuthorizeRequest(form);
    const lang = pickLang(form.lang, request.headers['accept-language']);
    const { login: _login, password: _password, lang: _lang, two_factor_ticket: ticket, otp_attempt: otp, ...params } = form;
    const hidden = hiddenFields(params);
    const page = (status: number, html: string) => reply.code(status).type('text/html; charset=utf-8').send(html);
    let account: { id: number };
    if (ticket !== undefined) {
      // Second step: the ticket proves the password; the code is counted as a guess like one.
      const accountId = ctx.twoFactor.accountOfTicket(ticket);
      const holder = accountId === null ? undefined : await findAccountById(ctx.db.kysely, accountId);
      if (!holder) return page(401, renderAuthorizePage({ lang, appName: client.name, scopes, hidden, failed: true }));
      const attempt = await guard.attempt(request.ip, holder.username);
      if (await guard.refusal(attempt, reply)) return page(429, renderTwoFactorPage({ lang, appName: client.name, hidden, ticket, failed: 'locked' }));
      if (!(await ctx.twoFactor.verify(holder.id, otp ?? ''))) {
        await guard.recordFailure(attempt);
        return page(401, renderTwoFactorPage({ lang, appName: client.name, hidden, ticket, failed: true }));
      }
      // Suspended or disabled while the code was being typed: refused as at the password step.
      const refusal = loginRefusalOf(holder);
      if (refusal) throw new ApiError(403, LOGIN_REFUSALS[refusal]);
      await guard.recordSuccess(attempt);
      account = holder;
    } else {
      const login = form.login ?? '';
      const attempt = await guard.attempt(request.ip, login);
      if (await guard.refusal(attempt, reply)) return page(429, renderAuthorizePage({ lang, appName: client.name, scopes, hidden, failed: 'locked', login }));
      let signedIn: Awaited<ReturnType<typeof oauth.signIn>>;
      try {
        signedIn = await oauth.signIn(login, form.password ?? '');
      } catch (error) {
        // A right password for an account that may not sign in: said on the page, in its language.
        const refusal = Object.entries(LOGIN_REFUSALS).find(([, message]) => error instanceof ApiError && error.message === message)?.[0] as LoginRefusal | undefined;
        if (!refusal) throw error;
        return page(403, renderAuthorizePage({ lang, appName: client.name, scopes, hidden, failed: refusal, login }));
      }
      if (!signedIn) {
        await guard.recordFailure(attempt);
        return page(401, renderAuthorizePage({ lang, appName: client.name, scopes, hidden, failed: true, login }));
      }
      // Two-factor accounts are asked for the code; their address counts as known only after it.
      if (await ctx.twoFactor.isEnabled(signedIn.id)) return page(200, renderTwoFactorPage({ lang, appName: client.name, hidden, ticket: ctx.twoFactor.ticketFor(signedIn.id) }));
      await guard.recordSuccess(attempt);
      account = signedIn;
    }
    await ctx.accountIps.record(account.id, request.ip);
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

  app.post('/oauth/token', { config: { signedOutBody: true }, schema: { tags: ['oauth'], body: TokenBody, response: responses({ 200: Type.Ref(Token) }) } }, async (request, reply) => {
    const body = request.body;
    if (body.grant_type !== 'password') return oauth.exchange(body);
    const attempt = await guard.attempt(request.ip, body.username ?? '');
    const refusal = await guard.refusal(attempt, reply);
    if (refusal) throw refusal;
    try {
      const token = await oauth.exchange(body);
      await guard.recordSuccess(attempt);
      return token;
    } catch (error) {
      // invalid_grant is the wrong login or password; a bad client (invalid_client) is no guess.
      if (error instanceof OAuthError && error.message === 'invalid_grant') await guard.recordFailure(attempt);
      throw error;
    }
  });

  app.post('/oauth/revoke', { config: { signedOutBody: true }, schema: { tags: ['oauth'], body: RevokeBody, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const body = request.body;
    if (!body.token) throw new OAuthError('invalid_request', 'token is missing');
    await oauth.revoke(body);
    return {};
  });
}
