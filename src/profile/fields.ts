// The profile's fields (Mastodon's Account#fields): up to four name/value pairs, written by the
// owner as plain text and shown with their links made links (rel="me", for verification by the
// sites they name). Stored as JSON on the account row: [{ name, value }].
import twitterText from 'twitter-text';
import { unprocessable } from '../http/errors.js';
import { escapeHtml } from '../posts/content.js';
import { withoutDeceptiveCharacters } from '../lib/deceptive-text.js';

/** Mastodon's Account::DEFAULT_FIELDS_SIZE and Account::Field::MAX_CHARACTERS_LOCAL (Instance says both). */
export const MAX_PROFILE_FIELDS = 4;
export const PROFILE_FIELD_LIMIT = 255;

export interface StoredField {
  name: string;
  value: string;
  /** When the linked page was found linking back (profile/link-verification.ts), ISO 8601. */
  verified_at?: string;
}

export interface FieldJson {
  name: string;
  value: string;
  /** When the linked page was found to link back (rel=me), else null. */
  verified_at: string | null;
}

/** A field as it may arrive: `fields_attributes[0][name]=…` (form, multipart) or JSON, object or array. */
export type FieldInput = { name?: unknown; value?: unknown };

/** At most this many code points, as Ruby's str[0, n] cuts. */
function cut(text: string, max: number): string {
  const points = Array.from(text);
  return points.length > max ? points.slice(0, max).join('') : text;
}

function clean(text: unknown): string {
  // Names and link text people trust: no bidi overrides nor invisible characters (as display names).
  return cut(withoutDeceptiveCharacters(typeof text === 'string' ? text : text == null ? '' : String(text)).trim(), PROFILE_FIELD_LIMIT);
}

/**
 * The fields to store from `fields_attributes`, checked as Mastodon checks them: pairs blank on
 * both sides are dropped, each side is trimmed and cut to 255 characters, at most four remain,
 * and a value needs a name.
 */
export function fieldsFromInput(input: Record<string, FieldInput> | FieldInput[]): StoredField[] {
  const entries = Array.isArray(input) ? input : Object.values(input);
  const fields: StoredField[] = [];
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object') continue;
    const field = { name: clean(entry.name), value: clean(entry.value) };
    if (field.name === '' && field.value === '') continue;
    fields.push(field);
  }
  if (fields.length > MAX_PROFILE_FIELDS) throw unprocessable(`Validation failed: Fields is too long (maximum is ${MAX_PROFILE_FIELDS} characters)`);
  if (fields.some((f) => f.name === '' && f.value !== '')) throw unprocessable('Validation failed: Fields contains values with missing labels');
  return fields;
}

/** The stored fields of an account row (rows written before the column existed have none). */
export function storedFields(json: string | null | undefined): StoredField[] {
  // Nearly every account has none: no parse for them (accounts are presented on every page).
  if (!json || json === '[]') return [];
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? parsed.filter((f): f is StoredField => typeof f?.name === 'string' && typeof f?.value === 'string') : [];
  } catch {
    return [];
  }
}

/** Account.fields: values as HTML, their https?:// links made links as Mastodon makes them. */
export function presentFields(fields: StoredField[]): FieldJson[] {
  return fields.map((f) => ({ name: withoutDeceptiveCharacters(f.name), value: fieldValueHtml(f.value), verified_at: f.verified_at ?? null }));
}

/** CredentialAccount.source.fields: as written. */
export function sourceFields(fields: StoredField[]): FieldJson[] {
  return fields.map((f) => ({ name: f.name, value: f.value, verified_at: f.verified_at ?? null }));
}

/** A value kept as it was stays verified (Mastodon's fields_attributes=); a changed one is checked again. */
export function keepVerification(fields: StoredField[], previous: StoredField[]): StoredField[] {
  return fields.map((f) => {
    const verifiedAt = previous.find((p) => p.value === f.value)?.verified_at;
    return verifiedAt ? { ...f, verified_at: verifiedAt } : f;
  });
}

const URL_PREFIX = /^https?:\/\/(www\.)?/i;
const LINK_TEXT_MAX = 30;

/** The value's text escaped, and each link with a scheme made `<a … rel="nofollow noopener me">`. */
export function fieldValueHtml(source: string): string {
  const text = withoutDeceptiveCharacters(source);
  let html = '';
  let cursor = 0;
  for (const entity of twitterText.extractUrlsWithIndices(text)) {
    const [start, end] = entity.indices;
    html += escapeHtml(text.slice(cursor, start)) + linkHtml(text.slice(start, end));
    cursor = end;
  }
  return html + escapeHtml(text.slice(cursor));
}

function linkHtml(url: string): string {
  // Only links written with their scheme (Mastodon: extract_url_without_protocol false), and
  // none with user:pass@ before the host (a trusted-looking name in front of the real one).
  if (!/^https?:\/\/[^\s"<>]+$/i.test(url) || /^https?:\/\/[^/?#]*@/i.test(url)) return escapeHtml(url);
  const prefix = url.match(URL_PREFIX)![0];
  const rest = url.slice(prefix.length);
  // The host is always shown whole: a host cut short can read as another one.
  const hostEnd = rest.search(/[/?#]/);
  const shown = Math.max(LINK_TEXT_MAX, hostEnd < 0 ? rest.length : hostEnd);
  const cutoff = rest.length > shown;
  return (
    `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener me" translate="no">` +
    `<span class="invisible">${escapeHtml(prefix)}</span><span class="${cutoff ? 'ellipsis' : ''}">${escapeHtml(rest.slice(0, shown))}</span>` +
    `<span class="invisible">${escapeHtml(rest.slice(shown))}</span></a>`
  );
}
