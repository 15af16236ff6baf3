// The profile's API (issue 12): pinned statuses, endorsed accounts, private notes, featured tags
// and taking the avatar or header away. The account timeline's `pinned=true` is in
// timelines/routes.ts; profile fields and `source` in accounts/routes.ts (update_credentials).
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { Account, CredentialAccount, EmptyObject, Relationship, Status, Tag } from '../http/entities/index.js';
import { FeaturedTag } from '../http/entities/featured-tag.js';
import { StatusPins } from './pins.js';
import { Endorsements } from './endorsements.js';
import { AccountNotes } from './notes.js';
import { FeaturedTags } from './featured-tags.js';

const RelationshipRef = Type.Ref(Relationship);
// Mastodon caps the note at 2,000 characters with a 422; the schema only bounds what is read.
const NoteBody = Type.Object({ comment: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 20_000 })])) });
const FeatureBody = Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })) });

export function profileRoutes(app: Api, ctx: AppContext): void {
  const db = ctx.db.kysely;
  const pins = new StatusPins(db, ctx.write, ctx.posts, ctx.clock);
  const endorsements = new Endorsements(db, ctx.write, ctx.accounts, ctx.clock);
  const notes = new AccountNotes(ctx.write, ctx.accounts, ctx.clock);
  const featuredTags = new FeaturedTags(db, ctx.write, ctx.accounts, ctx.config.publicUrl, ctx.clock);

  for (const [path, pinning] of [['pin', true], ['unpin', false]] as const) {
    app.post(`/api/v1/statuses/:id/${path}`, { schema: { tags: ['statuses'], params: IdParams, response: responses({ 200: Type.Ref(Status) }) } }, async (request) => {
      const auth = requireUser(request, 'write:accounts');
      const id = Number(request.params.id);
      return pinning ? pins.pin(auth.accountId, id) : pins.unpin(auth.accountId, id);
    });

    app.post(`/api/v1/accounts/:id/${path}`, { schema: { tags: ['accounts'], params: IdParams, response: responses({ 200: RelationshipRef }) } }, async (request) => {
      const auth = requireUser(request, 'write:accounts');
      const id = Number(request.params.id);
      return pinning ? endorsements.endorse(auth.accountId, id) : endorsements.unendorse(auth.accountId, id);
    });
  }

  app.get('/api/v1/endorsements', { schema: { tags: ['accounts'], querystring: PageQuery, response: responses({ 200: Type.Array(Type.Ref(Account)) }) } }, async (request, reply) => {
    const auth = requireUser(request, 'read:accounts');
    const { accounts, cursors } = await endorsements.list(auth.accountId, pageOf(request.query, 40, 80));
    setLinkHeader(request, reply, ctx.config.publicUrl, cursors);
    return accounts;
  });

  app.post('/api/v1/accounts/:id/note', { schema: { tags: ['accounts'], params: IdParams, body: NoteBody, response: responses({ 200: RelationshipRef }) } }, async (request) => {
    const auth = requireUser(request, 'write:accounts');
    return notes.set(auth.accountId, Number(request.params.id), request.body.comment ?? undefined);
  });

  const FeaturedTagList = Type.Array(FeaturedTag);
  app.get('/api/v1/featured_tags', { schema: { tags: ['accounts'], response: responses({ 200: FeaturedTagList }) } }, async (request) => {
    const auth = requireUser(request, 'read:accounts');
    return featuredTags.of(auth.accountId);
  });

  app.get('/api/v1/featured_tags/suggestions', { schema: { tags: ['accounts'], response: responses({ 200: Type.Array(Type.Ref(Tag)) }) } }, async (request) => {
    const auth = requireUser(request, 'read:accounts');
    return featuredTags.suggestions(auth.accountId);
  });

  app.post('/api/v1/featured_tags', { schema: { tags: ['accounts'], body: FeatureBody, response: responses({ 200: FeaturedTag }) } }, async (request) => {
    const auth = requireUser(request, 'write:accounts');
    return featuredTags.feature(auth.accountId, request.body.name);
  });

  app.delete('/api/v1/featured_tags/:id', { schema: { tags: ['accounts'], params: IdParams, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireUser(request, 'write:accounts');
    await featuredTags.unfeature(auth.accountId, Number(request.params.id));
    return {};
  });

  app.get('/api/v1/accounts/:id/featured_tags', { schema: { tags: ['accounts'], params: IdParams, response: responses({ 200: FeaturedTagList }) } }, async (request) => {
    return featuredTags.of(Number(request.params.id));
  });

  // Mastodon 4.2+: the image goes back to the default one; the owner's account comes back.
  for (const image of ['avatar', 'header'] as const) {
    app.delete(`/api/v1/profile/${image}`, { schema: { tags: ['accounts'], response: responses({ 200: Type.Ref(CredentialAccount) }) } }, async (request) => {
      const auth = requireUser(request, 'write:accounts');
      await ctx.accounts.setImages(auth.accountId, { [`${image}_url`]: null });
      return ctx.accounts.credentials(auth.accountId);
    });
  }
}
