// Mastodon's Tag (trends/service.ts) and v2 search results (search/service.ts).
import { Type } from '@sinclair/typebox';
import { Account } from './account.js';
import { StatusList } from './status.js';

const TagHistory = Type.Object(
  { day: Type.String({ description: 'UNIX time of the day, in seconds' }), uses: Type.String(), accounts: Type.String() },
  { additionalProperties: false },
);

export const Tag = Type.Object(
  { name: Type.String(), url: Type.String(), history: Type.Array(TagHistory), following: Type.Optional(Type.Boolean()) },
  { $id: 'Tag', additionalProperties: false },
);

export const SearchResults = Type.Object(
  { accounts: Type.Array(Type.Ref(Account)), statuses: StatusList, hashtags: Type.Array(Type.Ref(Tag)) },
  { $id: 'SearchResults', additionalProperties: false },
);
