// Mastodon's Account, CredentialAccount and Relationship (accounts/presenter.ts renders them).
import { Type } from '@sinclair/typebox';
import { CustomEmoji, DateTime, Nullable } from './common.js';

const Field = Type.Object({ name: Type.String(), value: Type.String(), verified_at: Nullable(DateTime) }, { additionalProperties: false });

const accountFields = {
  id: Type.String(),
  username: Type.String(),
  acct: Type.String(),
  display_name: Type.String(),
  locked: Type.Boolean(),
  bot: Type.Boolean(),
  discoverable: Type.Boolean(),
  group: Type.Boolean(),
  created_at: DateTime,
  note: Type.String({ description: 'HTML' }),
  url: Type.String(),
  uri: Type.String(),
  avatar: Type.String(),
  avatar_static: Type.String(),
  header: Type.String(),
  header_static: Type.String(),
  followers_count: Type.Integer(),
  following_count: Type.Integer(),
  statuses_count: Type.Integer(),
  last_status_at: Nullable(Type.String({ format: 'date', description: 'the day only, as Mastodon does' })),
  emojis: Type.Array(CustomEmoji),
  fields: Type.Array(Field),
  suspended: Type.Optional(Type.Boolean()),
  /** Only in GET /api/v1/mutes (Mastodon's MutedAccount): when a timed mute ends, else null. */
  mute_expires_at: Type.Optional(Nullable(DateTime)),
};

export const Account = Type.Object(accountFields, { $id: 'Account', additionalProperties: false });

/** The signed-in user's own account: what only its owner sees. */
export const CredentialAccount = Type.Object(
  {
    ...accountFields,
    source: Type.Object(
      {
        privacy: Type.String(),
        sensitive: Type.Boolean(),
        language: Type.String(),
        note: Type.String({ description: 'plain text' }),
        fields: Type.Array(Field),
        follow_requests_count: Type.Integer(),
      },
      { additionalProperties: false },
    ),
    role: Type.Object(
      { id: Type.String(), name: Type.String(), permissions: Type.String(), color: Type.String(), highlighted: Type.Boolean() },
      { additionalProperties: false },
    ),
  },
  { $id: 'CredentialAccount', additionalProperties: false },
);

export const Relationship = Type.Object(
  {
    id: Type.String(),
    following: Type.Boolean(),
    showing_reblogs: Type.Boolean(),
    notifying: Type.Boolean(),
    languages: Nullable(Type.Array(Type.String())),
    followed_by: Type.Boolean(),
    blocking: Type.Boolean(),
    blocked_by: Type.Boolean(),
    muting: Type.Boolean(),
    muting_notifications: Type.Boolean(),
    requested: Type.Boolean(),
    requested_by: Type.Boolean(),
    domain_blocking: Type.Boolean(),
    endorsed: Type.Boolean(),
    note: Type.String(),
  },
  { $id: 'Relationship', additionalProperties: false },
);
