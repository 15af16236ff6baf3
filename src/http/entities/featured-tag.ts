// Mastodon's FeaturedTag (profile/featured-tags.ts renders it).
import { Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

export const FeaturedTag = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    url: Type.String(),
    statuses_count: Type.String({ description: 'a number, as a string (Mastodon)' }),
    last_status_at: Nullable(Type.String({ format: 'date', description: 'the day only' })),
  },
  { additionalProperties: false },
);
