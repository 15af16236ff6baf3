// Mastodon's Announcement and Reaction entities (announcements/), described inline by the routes
// that answer them.
import { Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

export const Reaction = Type.Object({
  name: Type.String(),
  count: Type.Integer(),
  me: Type.Optional(Type.Boolean()),
});

export const Announcement = Type.Object({
  id: Type.String(),
  content: Type.String(),
  starts_at: Nullable(Type.String()),
  ends_at: Nullable(Type.String()),
  all_day: Type.Boolean(),
  published_at: Type.String(),
  updated_at: Type.String(),
  read: Type.Optional(Type.Boolean()),
  mentions: Type.Array(Type.Object({ id: Type.String(), username: Type.String(), url: Type.String(), acct: Type.String() })),
  statuses: Type.Array(Type.Object({ id: Type.String(), url: Type.String() })),
  tags: Type.Array(Type.Object({ name: Type.String(), url: Type.String() })),
  emojis: Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 0 }),
  reactions: Type.Array(Reaction),
});
