import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireApp, requireUser, viewerOf } from '../http/auth.js';
import { enforceRateLimit } from '../http/rate-limit.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { Flag, IdList, IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { Account, CredentialAccount, Relationship, Token } from '../http/entities/index.js';
import { FileField, fileFrom } from '../media/routes.js';
import { newId } from '../lib/ids.js';
import { followRequestRoutes } from './follow-request-routes.js';
import { blockMuteRoutes } from './block-mute-routes.js';
import { sendConfirmation } from '../mail/index.js';
import { fieldsFromInput } from '../profile/fields.js';
import { LinkVerifier } from '../profile/link-verification.js';

const RegisterBody = Type.Object({
  username: Type.String({ maxLength: 100 }),
  email: Type.String({ maxLength: 320 }),
  password: Type.String({ maxLength: 200 }),
  agreement: Type.Optional(Flag),
  locale: Type.Optional(Type.String({ maxLength: 10 })),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  invite_code: Type.Optional(Type.String({ maxLength: 64 })),
});

const FieldInput = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 2047 })),
  value: Type.Optional(Type.String({ maxLength: 2047 })),
});

const UpdateBody = Type.Object({
  display_name: Type.Optional(Type.String({ maxLength: 30 })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  locale: Type.Optional(Type.String({ maxLength: 10 })),
  bot: Type.Optional(Flag),
  locked: Type.Optional(Flag),
  discoverable: Type.Optional(Flag),
  // Mastodon's shape is an object keyed by index ({"0": {name, value}}); forms' fields_attributes[0][name]
  // arrive as an array (qs), and some clients send a JSON array: all three are taken.
  // The object first: ajv's array coercion would otherwise wrap it in a one-item array.
  fields_attributes: Type.Optional(Type.Union([Type.Record(Type.String({ maxLength: 10 }), FieldInput, { maxProperties: 50 }), Type.Array(FieldInput, { maxItems: 50 })])),
  source: Type.Optional(Type.Object({
    privacy: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('unlisted'), Type.Literal('private')])),
    language: Type.Optional(Type.String({ maxLength: 10 })),
    sensitive: Type.Optional(Flag),
  })),
  avatar: FileField('an image (multipart/form-data)'),
  header: FileField('an image (multipart/form-data)'),
});

const SearchQuery = Type.Object({
  q: Type.String({ maxLength: 500 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 80 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  resolve: Type.Optional(Flag),
  following: Type.Optional(Flag),
});

const tags = ['accounts'];
const AccountList = Type.Array(Type.Ref(Account));

export function accountRoutes(app: Api, ctx: AppContext): void {
  const { accounts, oauth, config } = ctx;
  const linkVerifier = new LinkVerifier(ctx.db.kysely, ctx.write, config.publicUrl, config.verifyPrivateLinks, ctx.clock, (error) => app.log.warn({ err: error }, 'link verification failed'));

  app.post('/api/v1/accounts', { schema: { tags, body: RegisterBody, response: responses({ 200: Type.Ref(Token) }) } }, async (request, reply) => {
    const auth = requireApp(request, 'write:accounts');
    await enforceRateLimit(ctx.rateLimits, reply, `signup:${request.ip}`, config.rateLimit.registrationsPerWindow, config.rateLimit.windowSeconds, ctx.clock());
    // Email and IP blocks (moderation/admin-blocks.ts): refused, or queued for approval.
    const screening = await ctx.adminBlocks.screenSignUp(request.body.email, request.ip);
    const account = await accounts.register(request.body, { approved: !screening.approvalRequired });
    // Mailed after the answer, so a slow mail server neither holds the sign-up nor tells anything.
    if (account && ctx.mailer) void sendConfirmation(ctx, account).catch((error) => request.log.error({ err: error }, 'confirmation mail failed'));
    // An address already registered gets the same answer, with a token of no account.
    return oauth.issueToken(auth.appId, account?.id ?? null, auth.scopes);
  });

  app.get('/api/v1/accounts/verify_credentials', { schema: { tags, response: responses({ 200: Type.Ref(CredentialAccount) }) } }, async (request) => {
    // Mastodon 4.3's "profile" scope grants exactly this call (sign-in with Sirb, nothing more).
    const auth = requireUser(request, request.auth?.scopes.includes('profile') ? 'profile' : 'read:accounts');
    return accounts.credentials(auth.accountId);
  });

  app.patch('/api/v1/accounts/update_credentials', { config: { files: 2 }, schema: { tags, body: UpdateBody, response: responses({ 200: Type.Ref(CredentialAccount) }) } }, async (request) => {
    const auth = requireUser(request, 'write:accounts');
    const body = request.body;
    // Checked before any image is stored: a refused update changes nothing.
    const fields = body.fields_attributes === undefined ? undefined : fieldsFromInput(body.fields_attributes);
    if (request.isMultipart()) {
      // Avatars and headers go through the same image pipeline as post media (sniffed, stripped).
      for (const field of ['avatar', 'header'] as const) {
        const file = await fileFrom(body[field]);
        if (!file) continue;
        const { name } = await ctx.media.storeProfileImage(file);
        await accounts.setImages(auth.accountId, { [`${field}_url`]: `/media/${name}.webp` });
      }
    }
    const updated = await accounts.updateCredentials(auth.accountId, {
      display_name: body.display_name,
      note: body.note,
      locale: body.locale,
      language: body.source?.language,
      sensitive: body.source?.sensitive,
      fields,
      bot: body.bot,
      locked: body.locked,
      discoverable: body.discoverable,
      privacy: body.source?.privacy,
    });
    // Links not verified yet are checked once this is answered (rel=me, profile/link-verification.ts).
    if (fields?.length) linkVerifier.verifyLater(auth.accountId);
    return updated;
  });

  app.get('/api/v1/accounts/lookup', { schema: { tags, querystring: Type.Object({ acct: Type.String({ minLength: 1, maxLength: 200 }) }), response: responses({ 200: Type.Ref(Account) }) } }, async (request) => {
    return accounts.lookup(request.query.acct);
  });

  app.get('/api/v1/accounts/relationships', { schema: { tags, querystring: Type.Object({ id: Type.Optional(IdList(100)) }), response: responses({ 200: Type.Array(Type.Ref(Relationship)) }) } }, async (request) => {
    const auth = requireUser(request, 'read:follows');
    // Malformed ids are skipped, as Mastodon does: they name no account.
    const ids = (request.query.id ?? []).filter((id) => /^[0-9]{1,16}$/.test(id)).map(Number);
    return accounts.relationships(auth.accountId, ids);
  });

  app.get('/api/v1/accounts/search', { schema: { tags, querystring: SearchQuery, response: responses({ 200: AccountList }) } }, async (request) => {
    const q = request.query;
    const viewer = request.auth?.accountId ?? undefined;
    return accounts.search(q.q, q.limit ?? 40, q.offset ?? 0, viewer, q.following ?? false);
  });

  app.get('/api/v1/accounts/:id', { schema: { tags, params: IdParams, response: responses({ 200: Type.Ref(Account) }) } }, async (request) => {
    return accounts.get(Number(request.params.id));
  });

  for (const direction of ['followers', 'following'] as const) {
    app.get(`/api/v1/accounts/:id/${direction}`, { schema: { tags, params: IdParams, querystring: PageQuery, response: responses({ 200: AccountList }) } }, async (request, reply) => {
      const viewer = viewerOf(request, 'read:accounts');
      const { accounts: list, cursors } = await accounts.followList(Number(request.params.id), direction, pageOf(request.query, 40, 80), viewer);
      setLinkHeader(request, reply, config.publicUrl, cursors);
      return list;
    });
  }

  app.post('/api/v1/accounts/:id/follow', { schema: { tags, params: IdParams, response: responses({ 200: Type.Ref(Relationship) }) } }, async (request) => {
    const auth = requireUser(request, 'write:follows');
    return accounts.follow(auth.accountId, Number(request.params.id));
  });

  app.post('/api/v1/accounts/:id/unfollow', { schema: { tags, params: IdParams, response: responses({ 200: Type.Ref(Relationship) }) } }, async (request) => {
    const auth = requireUser(request, 'write:follows');
    return accounts.unfollow(auth.accountId, Number(request.params.id));
  });

  followRequestRoutes(app, ctx);
  blockMuteRoutes(app, ctx);
}
