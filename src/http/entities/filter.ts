// Mastodon's keyword filter entities (filters/): Filter, FilterKeyword, FilterStatus,
// FilterResult (what a Status's `filtered` holds) and the older V1::Filter.
import { Type } from '@sinclair/typebox';
import { DateTime, Nullable, OneOf } from './common.js';

const Contexts = Type.Array(OneOf(['home', 'notifications', 'public', 'thread', 'account']));
const Action = OneOf(['warn', 'hide', 'blur']);

export const FilterKeyword = Type.Object({ id: Type.String(), keyword: Type.String(), whole_word: Type.Boolean() }, { $id: 'FilterKeyword', additionalProperties: false });

export const FilterStatus = Type.Object({ id: Type.String(), status_id: Type.String() }, { $id: 'FilterStatus', additionalProperties: false });

const filterFields = { id: Type.String(), title: Type.String(), context: Contexts, expires_at: Nullable(DateTime), filter_action: Action };

export const Filter = Type.Object(
  { ...filterFields, keywords: Type.Array(Type.Ref(FilterKeyword)), statuses: Type.Array(Type.Ref(FilterStatus)) },
  { $id: 'Filter', additionalProperties: false },
);

/** A filter a status matched; its filter comes without keywords and statuses. */
export const FilterResult = Type.Object(
  {
    filter: Type.Object(filterFields, { additionalProperties: false }),
    keyword_matches: Type.Union([Type.Array(Type.String()), Type.Null()]),
    status_matches: Type.Union([Type.Array(Type.String()), Type.Null()]),
  },
  { $id: 'FilterResult', additionalProperties: false },
);

export const V1Filter = Type.Object(
  { id: Type.String(), phrase: Type.String(), context: Contexts, whole_word: Type.Boolean(), expires_at: Nullable(DateTime), irreversible: Type.Boolean() },
  { $id: 'V1Filter', additionalProperties: false },
);
