// Mastodon's announcements API (read, dismiss, react), and a staff API to write them: Mastodon
// has none (its admin pages do it), so Sirb's is its own, under /api/v1/admin/announcements,
// for the moderation web UI; `npm run admin -- announce` does the same from a shell.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { Flag, IdParams, responses, type Api } from '../http/schemas.js';
import { EmptyObject } from '../http/entities/index.js';
import { Nullable } from '../http/entities/common.js';
import { Announcement } from '../http/entities/announcement.js';
import { requireStaff } from '../moderation/roles.js';
import { AnnouncementService, MAX_TEXT } from './service.js';

const tags = ['announcements'];
const ReactionParams = Type.Object({ id: IdParams.properties.id, name: Type.String({ minLength: 1, maxLength: 64 }) });
const Time = Type.Optional(Nullable(Type.String({ maxLength: 64 })));
const Body = Type.Object({
  text: Type.Optional(Type.String({ maxLength: MAX_TEXT * 2 })),
  starts_at: Time,
  ends_at: Time,
  all_day: Type.Optional(Flag),
  published: Type.Optional(Flag),
});

export function announcementService(ctx: AppContext): AnnouncementService {
  return new AnnouncementService(ctx.db.kysely, ctx.write, ctx.config.publicUrl, ctx.clock);
}

export function announcementRoutes(app: Api, ctx: AppContext): void {
  const announcements = announcementService(ctx);
  const done = { params: IdParams, response: responses({ 200: EmptyObject }) };

  app.get('/api/v1/announcements', { schema: { tags, response: responses({ 200: Type.Array(Announcement) }) } }, async (request) => {
    const auth = requireUser(request, 'read');
    return announcements.list(auth.accountId);
  });

  app.post('/api/v1/announcements/:id/dismiss', { schema: { tags, ...done } }, async (request) => {
    const auth = requireUser(request, 'write:accounts');
    await announcements.dismiss(auth.accountId, Number(request.params.id));
    return {};
  });

  const reaction = { tags, params: ReactionParams, response: responses({ 200: EmptyObject }) };
  app.put('/api/v1/announcements/:id/reactions/:name', { schema: reaction }, async (request) => {
    const auth = requireUser(request, 'write:favourites');
    await announcements.react(auth.accountId, Number(request.params.id), request.params.name);
    return {};
  });
  app.delete('/api/v1/announcements/:id/reactions/:name', { schema: reaction }, async (request) => {
    const auth = requireUser(request, 'write:favourites');
    await announcements.unreact(auth.accountId, Number(request.params.id), request.params.name);
    return {};
  });

  // --- staff (permission manage_announcements: owners and admins) ---
  const admin = '/api/v1/admin/announcements';
  const staff = (request: Parameters<typeof requireStaff>[0]) => requireStaff(request, 'admin:write', 'manage_announcements');
  // For the moderation UI: drafts and past announcements too, marked `published` (Sirb's field).
  const Listed = Type.Array(Type.Composite([Announcement, Type.Object({ published: Type.Boolean() })]));
  app.get(admin, { schema: { tags: ['admin'], response: responses({ 200: Listed }) } }, async (request) => {
    requireStaff(request, 'admin:read', 'manage_announcements');
    return announcements.all();
  });
  app.post(admin, { schema: { tags: ['admin'], body: Body, response: responses({ 200: Announcement }) } }, async (request) => {
    return announcements.create(staff(request).accountId, request.body);
  });
  app.put(`${admin}/:id`, { schema: { tags: ['admin'], params: IdParams, body: Body, response: responses({ 200: Announcement }) } }, async (request) => {
    return announcements.update(staff(request).accountId, Number(request.params.id), request.body);
  });
  app.delete(`${admin}/:id`, { schema: { tags: ['admin'], ...done } }, async (request) => {
    await announcements.remove(staff(request).accountId, Number(request.params.id));
    return {};
  });
}
