// Mastodon's Poll (polls/presenter.ts renders it).
import { Type } from '@sinclair/typebox';
import { CustomEmoji, DateTime, Nullable } from './common.js';

export const Poll = Type.Object(
  {
    id: Type.String(),
    expires_at: Nullable(DateTime),
    expired: Type.Boolean(),
    multiple: Type.Boolean(),
    votes_count: Type.Integer(),
    voters_count: Nullable(Type.Integer()),
    options: Type.Array(Type.Object({ title: Type.String(), votes_count: Nullable(Type.Integer({ description: 'null until the poll ends when it hides its totals' })) }, { additionalProperties: false })),
    emojis: Type.Array(CustomEmoji),
    // The viewer's own: present when a signed-in user asks (the author counts as having voted).
    voted: Type.Optional(Type.Boolean()),
    own_votes: Type.Optional(Type.Array(Type.Integer())),
  },
  { $id: 'Poll', additionalProperties: false },
);
