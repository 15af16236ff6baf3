// Reading a filter's parameters as Mastodon does: form or JSON, lists as `x[]=` or one value,
// nested keywords as a list or Rails' numbered hash, booleans in any of Rails' spellings; and
// the 422s Mastodon answers for what does not validate.
import { unprocessable } from '../http/errors.js';
import { FILTER_ACTIONS, FILTER_CONTEXTS, type FilterAction, type FilterContext } from './matcher.js';

export const MAX_TITLE = 256;
export const MAX_KEYWORD = 512;
export const MAX_KEYWORDS = 100;

const TRUE_WORDS = new Set(['true', 'True', 'TRUE', '1', 'on', 'yes', 't']);

export function flag(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return TRUE_WORDS.has(String(value));
}

export function contexts(raw: unknown): FilterContext[] {
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : [raw];
  const out: FilterContext[] = [];
  for (const value of list) {
    if (typeof value !== 'string' || !(FILTER_CONTEXTS as readonly string[]).includes(value)) throw unprocessable('Validation failed: Context none or invalid context supplied');
    if (!out.includes(value as FilterContext)) out.push(value as FilterContext);
  }
  if (out.length === 0) throw unprocessable('Validation failed: Context none or invalid context supplied');
  return out;
}

export function action(raw: unknown): FilterAction {
  if (typeof raw !== 'string' || !(FILTER_ACTIONS as readonly string[]).includes(raw)) throw unprocessable('Validation failed: Filter action is not included in the list');
  return raw as FilterAction;
}

export function title(raw: unknown): string {
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  if (!text) throw unprocessable("Validation failed: Title can't be blank");
  if (text.length > MAX_TITLE) throw unprocessable(`Validation failed: Title is too long (maximum is ${MAX_TITLE} characters)`);
  return text;
}

export function keyword(raw: unknown, field = 'Keywords keyword'): string {
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  if (!text) throw unprocessable(`Validation failed: ${field} can't be blank`);
  if (text.length > MAX_KEYWORD) throw unprocessable(`Validation failed: ${field} is too long (maximum is ${MAX_KEYWORD} characters)`);
  return text;
}

/** `expires_in` seconds as an instant; null (never) for none or an empty value. */
export function expiresAt(raw: unknown, now: number): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const seconds = typeof raw === 'number' ? raw : /^\s*\d+\s*$/.test(String(raw)) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > 100 * 365 * 86400) throw unprocessable('Validation failed: Expires in is not a valid number of seconds');
  return now + seconds * 1000;
}

export interface KeywordAttributes {
  id?: number;
  keyword?: unknown;
  wholeWord?: unknown;
  destroy: boolean;
}

/** `keywords_attributes` as a list, whether sent as a list or as Rails' {"0": {...}} hash. */
export function keywordAttributes(raw: unknown): KeywordAttributes[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' ? Object.values(raw as object) : null;
  if (list === null) throw unprocessable('Validation failed: Keywords attributes must be a list');
  if (list.length > MAX_KEYWORDS) throw unprocessable(`Validation failed: at most ${MAX_KEYWORDS} keywords at once`);
  return list.map((item) => {
    if (item === null || typeof item !== 'object') throw unprocessable('Validation failed: Keywords attributes must be objects');
    const attrs = item as Record<string, unknown>;
    let id: number | undefined;
    if (attrs.id !== undefined && attrs.id !== null && attrs.id !== '') {
      if (!/^\d{1,16}$/.test(String(attrs.id))) throw unprocessable('Validation failed: Keywords id is invalid');
      id = Number(attrs.id);
    }
    return { id, keyword: attrs.keyword, wholeWord: attrs.whole_word, destroy: flag(attrs._destroy, false) };
  });
}
