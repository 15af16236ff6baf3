// Which of a viewer's filters a status matches (Mastodon's CustomFilter.apply_cached_filters),
// as pure functions over the status's JSON, so that every path that shows a status (pages,
// objects, streams) asks the same thing. Keywords and text are folded as search folds them
// (lib/arabic.ts searchForm): an Arabic keyword matches whatever its diacritics, tatweel and
// alef, yaa and taa-marbuta forms, and case does not count for Latin letters either.
import { searchForm } from '../lib/arabic.js';

export const FILTER_CONTEXTS = ['home', 'notifications', 'public', 'thread', 'account'] as const;
export type FilterContext = (typeof FILTER_CONTEXTS)[number];
export const FILTER_ACTIONS = ['warn', 'hide', 'blur'] as const;
export type FilterAction = (typeof FILTER_ACTIONS)[number];

export interface FilterKeyword {
  id: number;
  keyword: string;
  wholeWord: boolean;
}

/** A filter with its rules, as cached per account (service.ts). */
export interface ActiveFilter {
  id: number;
  title: string;
  context: FilterContext[];
  action: FilterAction;
  expiresAt: number | null;
  keywords: FilterKeyword[];
  statusIds: Set<number>;
}

/** One filter's rules, compiled once: a regular expression per keyword over folded text. */
export interface CompiledFilter {
  filter: ActiveFilter;
  keywords: { keyword: string; pattern: RegExp }[];
}

/** Mastodon's FilterResult. */
export interface FilterResultJson {
  filter: { id: string; title: string; context: FilterContext[]; expires_at: string | null; filter_action: FilterAction };
  keyword_matches: string[] | null;
  status_matches: string[] | null;
}

/** The part of a status the matcher reads: any rendered Status will do. */
export interface MatchableStatus {
  id: string;
  content: string;
  spoiler_text: string;
  media_attachments: unknown[];
  reblog?: MatchableStatus | null;
}

// A letter, a combining mark or a digit of any script (and the underscore) is part of a word:
// JavaScript's \b knows ASCII only, and would see a word boundary inside every Arabic word.
const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;
const BEFORE = '(?<![\\p{L}\\p{M}\\p{N}_])';
const AFTER = '(?![\\p{L}\\p{M}\\p{N}_])';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The pattern of a keyword over folded text. Whole word, as Mastodon: a boundary is required
 * only on a side where the keyword begins or ends with a word character ("#tag" or "c++" can
 * still match).
 */
export function keywordPattern(keyword: string, wholeWord: boolean): RegExp {
  const folded = searchForm(keyword);
  const body = escapeRegExp(folded);
  if (!wholeWord) return new RegExp(body, 'u');
  const start = WORD_CHAR.test(folded.slice(0, 1)) ? BEFORE : '';
  const end = WORD_CHAR.test(Array.from(folded).at(-1) ?? '') ? AFTER : '';
  return new RegExp(`${start}${body}${end}`, 'u');
}

export function compile(filter: ActiveFilter): CompiledFilter {
  return { filter, keywords: filter.keywords.map((k) => ({ keyword: k.keyword, pattern: keywordPattern(k.keyword, k.wholeWord) })) };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/** A status's HTML as the plain text a reader sees: paragraphs and line breaks become newlines. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity]);
}

/** What keywords are matched against, folded: spoiler text, text and media descriptions. */
export function matchableText(status: MatchableStatus): string {
  const descriptions = status.media_attachments.map((m) => (m as { description?: string | null }).description ?? '');
  return searchForm([status.spoiler_text, plainText(status.content), ...descriptions].filter(Boolean).join('\n\n'));
}

export function isExpired(filter: ActiveFilter, now: number): boolean {
  return filter.expiresAt !== null && filter.expiresAt <= now;
}

/** The Filter entity as it appears inside a FilterResult (without keywords and statuses). */
export function filterSummary(filter: ActiveFilter) {
  return {
    id: String(filter.id),
    title: filter.title,
    context: filter.context,
    expires_at: filter.expiresAt === null ? null : new Date(filter.expiresAt).toISOString(),
    filter_action: filter.action,
  };
}

/**
 * The filters a status matches, as FilterResults. A reblog is matched by the status it
 * reblogs (its own content is empty); a filtered status matches by its own id or the original's.
 * Filters passed in are taken as active: the caller leaves out expired ones and other contexts.
 */
export function matchStatus(status: MatchableStatus, filters: CompiledFilter[]): FilterResultJson[] {
  const proper = status.reblog ?? status;
  let text: string | undefined;
  const results: FilterResultJson[] = [];
  for (const { filter, keywords } of filters) {
    const keywordMatches: string[] = [];
    if (keywords.length) {
      text ??= matchableText(proper);
      for (const k of keywords) if (k.pattern.test(text)) keywordMatches.push(k.keyword);
    }
    const statusMatches = [status.id, proper.id].filter((id, i, all) => all.indexOf(id) === i && filter.statusIds.has(Number(id)));
    if (keywordMatches.length === 0 && statusMatches.length === 0) continue;
    results.push({
      filter: filterSummary(filter),
      keyword_matches: keywordMatches.length ? keywordMatches : null,
      status_matches: statusMatches.length ? statusMatches : null,
    });
  }
  return results;
}
