// Setting up two-factor sign-in from the web app (Sirb extension: Mastodon does this in its
// server-rendered settings). The password is asked before set-up and removal, so a stolen token
// alone can neither lock the owner out nor take the second factor away.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { responses, type Api } from '../http/schemas.js';
import { EmptyObject } from '../http/entities/index.js';
import { verifyPassword } from '../accounts/passwords.js';
import { findAccountById } from '../accounts/store.js';

const strict = { additionalProperties: false } as const;
const Status = Type.Object({ enabled: Type.Boolean(), recovery_codes_left: Type.Integer() }, strict);
const Setup = Type.Object({ secret: Type.String({ description: 'base32, for typing into an authenticator app' }), uri: Type.String({ description: 'otpauth:// URI (show as a QR code)' }) }, strict);
const RecoveryCodes = Type.Object({ recovery_codes: Type.Array(Type.String(), { description: 'ten single-use codes, shown this once' }) }, strict);
const Password = Type.String({ minLength: 1, maxLength: 200 });
const Code = Type.String({ minLength: 1, maxLength: 20 });

export function twoFactorRoutes(app: Api, ctx: AppContext): void {
  const tags = ['two_factor'];
  const checkPassword = async (accountId: number, password: string) => {
    const account = await findAccountById(ctx.db.kysely, accountId);
    if (!account || !(await verifyPassword(account.password_hash, password))) throw new ApiError(422, 'Invalid password');
    return account;
  };

  app.get('/api/v1/sirb/two_factor', { schema: { tags, response: responses({ 200: Status }) } }, async (request) => {
    const auth = requireUser(request, 'read:accounts');
    return ctx.twoFactor.status(auth.accountId);
  });

  app.post('/api/v1/sirb/two_factor', { schema: { tags, body: Type.Object({ password: Password }), response: responses({ 200: Setup }) } }, async (request) => {
    const auth = requireUser(request, 'write:accounts');
    const account = await checkPassword(auth.accountId, request.body.password);
    return ctx.twoFactor.begin(auth.accountId, account.username);
  });

  app.post('/api/v1/sirb/two_factor/confirm', { schema: { tags, body: Type.Object({ code: Code }), response: responses({ 200: RecoveryCodes }) } }, async (request) => {
    const auth = requireUser(request, 'write:accounts');
    return { recovery_codes: await ctx.twoFactor.confirm(auth.accountId, request.body.code.trim()) };
  });

  app.delete('/api/v1/sirb/two_factor', { schema: { tags, body: Type.Object({ password: Password, code: Code }), response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireUser(request, 'write:accounts');
    await checkPassword(auth.accountId, request.body.password);
    if (!(await ctx.twoFactor.isEnabled(auth.accountId))) throw new ApiError(422, 'Two-factor authentication is not enabled');
    if (!(await ctx.twoFactor.verify(auth.accountId, request.body.code))) throw new ApiError(422, 'Invalid two-factor code');
    await ctx.twoFactor.disable(auth.accountId);
    return {};
  });
}
