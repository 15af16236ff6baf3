// Mastodon's Filter, FilterKeyword, FilterStatus and V1::Filter entities from store records.
import type { FilterRecord } from './store.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const keywordJson = (k: { id: number; keyword: string; wholeWord: boolean }) => ({ id: String(k.id), keyword: k.keyword, whole_word: k.wholeWord });

export const filterStatusJson = (s: { id: number; statusId: number }) => ({ id: String(s.id), status_id: String(s.statusId) });

export function filterJson(record: FilterRecord) {
  return {
    id: String(record.id),
    title: record.title,
    context: record.context,
    expires_at: iso(record.expiresAt),
    filter_action: record.action,
    keywords: record.keywords.map(keywordJson),
    statuses: record.statuses.map(filterStatusJson),
  };
}

/**
 * A v1 filter is one keyword of a v2 filter, as Mastodon shows it: the keyword's id and phrase,
 * the filter's context and expiry, and `irreversible` for a filter that hides.
 */
export function v1FilterJson(record: FilterRecord, keyword: { id: number; keyword: string; wholeWord: boolean }) {
  return {
    id: String(keyword.id),
    phrase: keyword.keyword,
    context: record.context,
    whole_word: keyword.wholeWord,
    expires_at: iso(record.expiresAt),
    irreversible: record.action === 'hide',
  };
}

export type FilterJson = ReturnType<typeof filterJson>;
export type V1FilterJson = ReturnType<typeof v1FilterJson>;
