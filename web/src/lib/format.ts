import type { Strings } from '../i18n/en';
import type { Account } from '../api/types';

export function relativeTime(iso: string, t: Strings, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return t.time.now;
  if (s < 3600) return t.time.m(Math.floor(s / 60));
  if (s < 86400) return t.time.h(Math.floor(s / 3600));
  return t.time.d(Math.floor(s / 86400));
}

export function displayName(account: Account): string {
  return account.display_name?.trim() || account.username;
}

// Intl formatters are costly to build (locale data lookups), so each is built once per language.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatNumber(n: number, lang: string): string {
  let format = numberFormats.get(lang);
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(lang === 'ar' ? 'ar-u-nu-latn' : 'en')));
  return format.format(n);
}

export function formatDate(iso: string, lang: string): string {
  let format = dateFormats.get(lang);
  if (!format) dateFormats.set(lang, (format = new Intl.DateTimeFormat(lang === 'ar' ? 'ar-u-nu-latn' : 'en', { dateStyle: 'medium', timeStyle: 'short' })));
  return format.format(new Date(iso));
}
