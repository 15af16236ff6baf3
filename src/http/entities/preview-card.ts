// Mastodon's PreviewCard: what a status's first link's page says about itself (src/cards/).
import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OneOf } from './common.js';

export const PreviewCard = Type.Object(
  {
    url: Type.String(),
    title: Type.String(),
    description: Type.String(),
    language: Nullable(Type.String()),
    type: OneOf(['link', 'photo', 'video', 'rich']),
    authors: Type.Array(Type.Object({ name: Type.String(), url: Type.String(), account: Type.Null() }, { additionalProperties: false })),
    author_name: Type.String(),
    author_url: Type.String(),
    provider_name: Type.String(),
    provider_url: Type.String(),
    html: Type.String({ description: 'only a sandboxed iframe, for video and rich embeds' }),
    width: Type.Integer(),
    height: Type.Integer(),
    image: Nullable(Type.String({ description: 'the remote image, linked as the page names it' })),
    image_description: Type.String(),
    embed_url: Type.String(),
    blurhash: Nullable(Type.String({ description: 'a BlurHash of the kept image' })),
    published_at: Nullable(Type.String()),
  },
  { $id: 'PreviewCard', additionalProperties: false },
);

export type PreviewCardJson = Static<typeof PreviewCard>;
