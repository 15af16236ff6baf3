// Mastodon's Trends::Link: the link's PreviewCard (cards/, empty texts and no image when its page
// gave none) with its usage history (trends/links.ts).
import { Type } from '@sinclair/typebox';
import { PreviewCard } from './preview-card.js';

const LinkHistory = Type.Object({ day: Type.String({ description: 'UNIX time of the day, in seconds' }), accounts: Type.String(), uses: Type.String() }, { additionalProperties: false });

export const TrendLink = Type.Object({ ...PreviewCard.properties, history: Type.Array(LinkHistory) }, { additionalProperties: false });
