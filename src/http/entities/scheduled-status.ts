// Mastodon's ScheduledStatus (scheduled/).
import { Type } from '@sinclair/typebox';
import { MediaAttachment } from './status.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ScheduledStatus = Type.Object(
  {
    id: Type.String(),
    scheduled_at: Type.String(),
    params: Type.Object({
      text: Type.String(),
      poll: Type.Union([
        Type.Object({ options: Type.Array(Type.String()), expires_in: Type.Integer(), multiple: Type.Boolean(), hide_totals: Type.Boolean() }, { additionalProperties: false }),
        Type.Null(),
      ]),
      media_ids: Type.Union([Type.Array(Type.String()), Type.Null()]),
      sensitive: Type.Union([Type.Boolean(), Type.Null()]),
      spoiler_text: Nullable(Type.String()),
      visibility: Type.String(),
      in_reply_to_id: Nullable(Type.String()),
      language: Nullable(Type.String()),
      application_id: Type.Union([Type.Integer(), Type.Null()]),
      scheduled_at: Type.Null(),
      idempotency: Nullable(Type.String()),
      with_rate_limit: Type.Boolean(),
    }),
    media_attachments: Type.Array(Type.Ref(MediaAttachment)),
  },
  { $id: 'ScheduledStatus', additionalProperties: false },
);
