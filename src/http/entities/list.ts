// Mastodon's List (lists/presenter.ts).
import { Type } from '@sinclair/typebox';

export const List = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    replies_policy: Type.Union([Type.Literal('followed'), Type.Literal('list'), Type.Literal('none')]),
    exclusive: Type.Boolean(),
  },
  { $id: 'List', additionalProperties: false },
);
