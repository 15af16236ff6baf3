// The pages mailed links lead to: GET /auth/confirmation (sign-up), and the password reset
// (GET /auth/password/new, POST /auth/password, GET and POST /auth/password/edit), as Mastodon's
// paths. Without SMTP_URL the reset pages say that email is off.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { enforceRateLimit } from '../http/rate-limit.js';
import { responses, type Api } from '../http/schemas.js';
import { pickLang } from '../oauth/authorize-page.js';
import { findAccountById } from '../accounts/store.js';
import { peekEmailToken } from './email-tokens.js';
import { confirmEmail, requestPasswordReset, resetPassword, sendConfirmation } from './index.js';
import { bearerToken } from '../http/auth.js';
import { ApiError, forbidden, unauthorized } from '../http/errors.js';
import { EmptyObject } from '../http/entities/index.js';
import { findLiveToken } from '../oauth/store.js';
import { sha256 } from '../oauth/service.js';
import { confirmationPage, resetPasswordPage, resetRequestPage } from './pages.js';

const HtmlPage = (description: string) => Type.Unsafe<string>({ description, content: { 'text/html': { schema: Type.String() } } });
const Lang = Type.Optional(Type.String({ maxLength: 5 }));
const tags = ['auth'];
const html = (code: number, description: string) => responses({ [code]: HtmlPage(description) });

export function mailRoutes(app: Api, ctx: AppContext): void {
  // Mastodon's "resend confirmation email": the only call a not-yet-confirmed token may make.
  app.post('/api/v1/emails/confirmations', { config: { unconfirmedToken: true, signedOutBody: true }, schema: { tags: ['emails'], body: Type.Optional(Type.Object({ email: Type.Optional(Type.String({ maxLength: 320 })) })), response: responses({ 200: EmptyObject }) } }, async (request, reply) => {
    const token = bearerToken(request);
    if (token === undefined) throw unauthorized();
    const row = request.auth ? undefined : await findLiveToken(ctx.db.kysely, sha256(token));
    const account = row?.account_id ? await findAccountById(ctx.db.kysely, row.account_id) : undefined;
    if (!account || account.confirmed === 1 || !ctx.mailer) throw forbidden('This method is only available while the e-mail is awaiting confirmation');
    const asked = request.body?.email?.trim().toLowerCase();
    if (asked && asked !== account.email) throw new ApiError(422, 'Validation failed: changing the address is not supported; sign up again with the right one');
    await enforceRateLimit(ctx.rateLimits, reply, `confirmation-mail:${account.id}`, ctx.config.rateLimit.registrationsPerWindow, ctx.config.rateLimit.windowSeconds, ctx.clock());
    await sendConfirmation(ctx, account);
    return {};
  });

  const langOf = (asked: unknown, acceptLanguage: string | undefined) => pickLang(asked, acceptLanguage);

  app.get('/auth/confirmation', { schema: { tags, querystring: Type.Object({ confirmation_token: Type.Optional(Type.String({ maxLength: 200 })), lang: Lang }), response: { ...html(200, 'confirmed'), 404: HtmlPage('unknown, used or expired link') } } }, async (request, reply) => {
    const lang = langOf(request.query.lang, request.headers['accept-language']);
    reply.type('text/html; charset=utf-8');
    const token = request.query.confirmation_token ?? '';
    const accountId = await peekEmailToken(ctx.db.kysely, token, 'confirm', ctx.clock());
    if (accountId === null || !(await confirmEmail(ctx, token))) return reply.code(404).send(confirmationPage(lang, 'badLink'));
    const account = await findAccountById(ctx.db.kysely, accountId);
    return confirmationPage(lang, account?.approved === 0 ? 'confirmedPending' : 'confirmed');
  });

  app.get('/auth/password/new', { schema: { tags, querystring: Type.Object({ lang: Lang }), response: html(200, 'the reset form, or that email is off') } }, async (request, reply) => {
    const lang = langOf(request.query.lang, request.headers['accept-language']);
    reply.type('text/html; charset=utf-8');
    return resetRequestPage(lang, ctx.mailer ? 'form' : 'mailOff');
  });

  const ResetRequest = Type.Object({ login: Type.Optional(Type.String({ maxLength: 320 })), email: Type.Optional(Type.String({ maxLength: 320 })), lang: Lang });
  app.post('/auth/password', { config: { signedOutBody: true }, schema: { tags, body: ResetRequest, response: html(200, 'the same answer whether the address is known or not; or that email is off') } }, async (request, reply) => {
    const lang = langOf(request.body.lang, request.headers['accept-language']);
    reply.type('text/html; charset=utf-8');
    // A page that says what is wrong, not a 5xx: nothing failed, this server sends no email.
    if (!ctx.mailer) return resetRequestPage(lang, 'mailOff');
    // Each request may mail someone: as few per address as sign-ups.
    await enforceRateLimit(ctx.rateLimits, reply, `password-reset:${request.ip}`, ctx.config.rateLimit.registrationsPerWindow, ctx.config.rateLimit.windowSeconds, ctx.clock());
    const login = (request.body.login ?? request.body.email ?? '').trim();
    if (login) {
      // Sent after the answer: how long the mail server takes must not tell whether the address is known.
      void requestPasswordReset(ctx, login).catch((error) => request.log.error({ err: error }, 'password reset mail failed'));
    }
    return resetRequestPage(lang, 'sent');
  });

  app.get('/auth/password/edit', { schema: { tags, querystring: Type.Object({ reset_password_token: Type.Optional(Type.String({ maxLength: 200 })), lang: Lang }), response: { ...html(200, 'the new password form'), 404: HtmlPage('unknown, used or expired link') } } }, async (request, reply) => {
    const lang = langOf(request.query.lang, request.headers['accept-language']);
    reply.type('text/html; charset=utf-8');
    const token = request.query.reset_password_token ?? '';
    if ((await peekEmailToken(ctx.db.kysely, token, 'reset', ctx.clock())) === null) return reply.code(404).send(resetPasswordPage(lang, token, 'badLink'));
    return resetPasswordPage(lang, token, 'form');
  });

  const ResetForm = Type.Object({
    reset_password_token: Type.String({ maxLength: 200 }),
    password: Type.String({ maxLength: 200 }),
    password_confirmation: Type.Optional(Type.String({ maxLength: 200 })),
    lang: Lang,
  });
  app.post('/auth/password/edit', { config: { signedOutBody: true }, schema: { tags, body: ResetForm, response: { ...html(200, 'password changed, every token revoked'), 404: HtmlPage('unknown, used or expired link'), 422: HtmlPage('the form again: too short, too long or not repeated') } } }, async (request, reply) => {
    const form = request.body;
    const lang = langOf(form.lang, request.headers['accept-language']);
    reply.type('text/html; charset=utf-8');
    const token = form.reset_password_token;
    if ((await peekEmailToken(ctx.db.kysely, token, 'reset', ctx.clock())) === null) return reply.code(404).send(resetPasswordPage(lang, token, 'badLink'));
    if (form.password.length < 8 || form.password.length > 72) return reply.code(422).send(resetPasswordPage(lang, token, 'tooShort'));
    if (form.password_confirmation !== undefined && form.password_confirmation !== form.password) return reply.code(422).send(resetPasswordPage(lang, token, 'mismatch'));
    if (!(await resetPassword(ctx, token, form.password))) return reply.code(404).send(resetPasswordPage(lang, token, 'badLink'));
    return resetPasswordPage(lang, token, 'done');
  });
}
