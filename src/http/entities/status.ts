// Mastodon's Status and what it carries (posts/presenter.ts and posts/status-bytes.ts render
// them; media/service.ts the attachments).
import { Type, type Static } from '@sinclair/typebox';
import { Account } from './account.js';
import { CustomEmoji, DateTime, Nullable, OneOf } from './common.js';
import { FilterResult } from './filter.js';
import { Poll } from './poll.js';
import { PreviewCard } from './preview-card.js';

const ImageSize = Type.Object(
  { width: Type.Integer(), height: Type.Integer(), size: Type.String(), aspect: Type.Number() },
  { additionalProperties: false },
);

export const MediaAttachment = Type.Object(
  {
    id: Type.String(),
    type: OneOf(['image', 'gifv', 'video', 'audio', 'unknown']),
    url: Type.String(),
    preview_url: Type.String(),
    remote_url: Type.Null(),
    text_url: Type.Null(),
    preview_remote_url: Type.Null(),
    meta: Type.Object({ original: Type.Optional(ImageSize), small: Type.Optional(ImageSize) }, { additionalProperties: false }),
    description: Nullable(Type.String()),
    blurhash: Nullable(Type.String()),
  },
  { $id: 'MediaAttachment', additionalProperties: false },
);

const Mention = Type.Object({ id: Type.String(), username: Type.String(), acct: Type.String(), url: Type.String() }, { additionalProperties: false });
const StatusTag = Type.Object({ name: Type.String(), url: Type.String() }, { additionalProperties: false });

const Visibility = OneOf(['public', 'unlisted', 'private', 'direct']);

const statusFields = {
  id: Type.String(),
  uri: Type.String(),
  url: Nullable(Type.String()),
  created_at: DateTime,
  edited_at: Nullable(DateTime),
  content: Type.String({ description: 'HTML' }),
  visibility: Visibility,
  sensitive: Type.Boolean(),
  spoiler_text: Type.String(),
  // Typed loosely for TypeScript only (posts/presenter.ts keeps them as unknown[]); the
  // document and the serializer use the full MediaAttachment.
  media_attachments: Type.Array(Type.Unsafe<unknown>(Type.Ref(MediaAttachment))),
  application: Nullable(Type.Object({ name: Type.String(), website: Nullable(Type.String()) }, { additionalProperties: false })),
  mentions: Type.Array(Mention),
  tags: Type.Array(StatusTag),
  emojis: Type.Array(CustomEmoji),
  reblogs_count: Type.Integer(),
  favourites_count: Type.Integer(),
  replies_count: Type.Integer(),
  in_reply_to_id: Nullable(Type.String()),
  in_reply_to_account_id: Nullable(Type.String()),
  // Its first link's preview (src/cards/), once fetched; null until then and for posts without one.
  card: Type.Union([Type.Ref(PreviewCard), Type.Null()]),
  language: Nullable(Type.String()),
  // The viewer's filters the status matched (filters/active.ts adds them; empty otherwise).
  filtered: Type.Array(Type.Ref(FilterResult)),
  account: Type.Ref(Account),
  // After the account, where the encoded head has it (posts/status-bytes.ts encodeHead).
  poll: Type.Union([Type.Ref(Poll), Type.Null()]),
};

// Fields in the order the presenter writes them (the serializer follows the schema's order),
// so a status serialised here reads byte for byte like the same status in a timeline page.
const viewerFields = {
  // The viewer's own marks: present when a signed-in user asks.
  favourited: Type.Optional(Type.Boolean()),
  reblogged: Type.Optional(Type.Boolean()),
  muted: Type.Optional(Type.Boolean()),
  bookmarked: Type.Optional(Type.Boolean()),
  pinned: Type.Optional(Type.Boolean()),
  text: Type.Optional(Type.String({ description: 'the source text: only in the answer to a delete, for "delete and redraft"' })),
};

/** A reblog's status: a reblog never reblogs a reblog, so its own `reblog` is null. */
const RebloggedStatus = Type.Object(
  // (TypeScript's StatusJson says the nesting could go on, so its type stays open here.)
  { ...statusFields, reblog: Type.Unsafe<unknown>(Type.Null()), ...viewerFields },
  { additionalProperties: false },
);

export const Status = Type.Object({ ...statusFields, reblog: Nullable(RebloggedStatus), ...viewerFields }, { $id: 'Status', additionalProperties: false });

export const StatusList = Type.Array(Type.Ref(Status));

/**
 * A timeline page: an array of Status, which the route may hand over already encoded (a
 * Buffer of that JSON, see timelines/routes.ts). Fastify sends bytes as they are, so the
 * schema documents the page without serialising it again.
 */
export const EncodedStatusList = Type.Unsafe<Buffer | Static<typeof StatusList>>(Type.Array(Type.Ref(Status)));

export const Context = Type.Object(
  { ancestors: StatusList, descendants: StatusList },
  { $id: 'Context', additionalProperties: false },
);
