// Times for edits, polls and schedules: shown per locale (Intl), typed in the reader's local
// time (<input type="datetime-local">) and sent to the server as ISO 8601 in UTC.
// The styles of everything in posting/ come with this module, which each of them uses.
import './posting.css';

const shortFormats = new Map<string, Intl.DateTimeFormat>();
const percentFormats = new Map<string, Intl.NumberFormat>();

const locale = (lang: string) => (lang === 'ar' ? 'ar-u-nu-latn' : 'en');

/** "Dec 1, 9:40 AM" / "1 ديسمبر، 9:40 ص": short enough for a post's header. */
export function formatShortDate(iso: string, lang: string): string {
  let format = shortFormats.get(lang);
  if (!format) shortFormats.set(lang, (format = new Intl.DateTimeFormat(locale(lang), { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })));
  return format.format(new Date(iso));
}

export function formatPercent(fraction: number, lang: string): string {
  let format = percentFormats.get(lang);
  if (!format) percentFormats.set(lang, (format = new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 })));
  return format.format(fraction);
}

/** A Date as the value of a datetime-local field: the reader's own wall-clock time. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value (read as local time, as browsers do) as ISO 8601; null if not a time. */
export function fromLocalInput(value: string): string | null {
  const at = new Date(value);
  return value && !Number.isNaN(at.getTime()) ? at.toISOString() : null;
}

/** The server takes posts at least five minutes ahead (Mastodon's rule); a minute of margin. */
export const MIN_LEAD_MS = 6 * 60_000;

export function earliestSchedule(now = Date.now()): string {
  return toLocalInput(new Date(now + MIN_LEAD_MS));
}

export function tooSoon(value: string, now = Date.now()): boolean {
  const iso = fromLocalInput(value);
  return iso === null || Date.parse(iso) < now + 5 * 60_000;
}
