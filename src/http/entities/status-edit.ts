// Mastodon's StatusEdit (a revision in GET /api/v1/statuses/:id/history) and StatusSource
// (GET /api/v1/statuses/:id/source); posts/edits.ts renders them.
import { Type } from '@sinclair/typebox';
import { Account } from './account.js';
import { CustomEmoji, DateTime } from './common.js';
import { MediaAttachment } from './status.js';

export const StatusEdit = Type.Object(
  {
    content: Type.String({ description: 'HTML' }),
    spoiler_text: Type.String(),
    sensitive: Type.Boolean(),
    created_at: DateTime,
    account: Type.Ref(Account),
    // No `poll` yet: Mastodon adds the revision's poll options here; Sirb's revisions do not keep them (a known gap).
    media_attachments: Type.Array(Type.Ref(MediaAttachment)),
    emojis: Type.Array(CustomEmoji),
  },
  { $id: 'StatusEdit', additionalProperties: false },
);

export const StatusSource = Type.Object(
  { id: Type.String(), text: Type.String(), spoiler_text: Type.String() },
  { $id: 'StatusSource', additionalProperties: false },
);
