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

export function formatNumber(n: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'ar' ? 'ar-EG-u-nu-latn' : 'en').format(n);
}
