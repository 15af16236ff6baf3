// Mastodon's Trends::Link: a PreviewCard with its usage history (trends/links.ts). Sirb fetches
// no previews, so the card's texts are empty and its image null.
import { Type } from '@sinclair/typebox';

const LinkHistory = Type.Object({ day: Type.String({ description: 'UNIX time of the day, in seconds' }), accounts: Type.String(), uses: Type.String() }, { additionalProperties: false });

export const TrendLink = Type.Object(
  {
    url: Type.String(),
    title: Type.String(),
    description: Type.String(),
    language: Type.Union([Type.String(), Type.Null()]),
    type: Type.Literal('link'),
    authors: Type.Array(Type.Object({})),
    author_name: Type.String(),
    author_url: Type.String(),
    provider_name: Type.String(),
    provider_url: Type.String(),
    html: Type.String(),
    width: Type.Integer(),
    height: Type.Integer(),
    image: Type.Null(),
    image_description: Type.String(),
    embed_url: Type.String(),
    blurhash: Type.Null(),
    published_at: Type.Null(),
    history: Type.Array(LinkHistory),
  },
  { additionalProperties: false },
);
