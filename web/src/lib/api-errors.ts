// What the server's refusals mean for the reader, in their language. The server answers in
// Mastodon's shape — {"error": "Validation failed: …", "details": {field: [{error: "ERR_TAKEN"}]}}
// — English and technical: the codes and the known messages are mapped to t.apiErrors, field by
// field where the server names the field, and nothing raw reaches the page.
import { ApiError } from '../api/client';
import type { Strings } from '../i18n/en';

type FieldDetails = Record<string, { error?: string; description?: string }[]>;

/** Each field the server named, with the first of its errors said in the reader's language. */
export function fieldErrors(error: unknown, t: Strings): Record<string, string> {
  const details = error instanceof ApiError ? ((error.body as { details?: FieldDetails } | undefined)?.details ?? {}) : {};
  const known = t.apiErrors.field as unknown as Record<string, Record<string, string> | undefined>;
  const out: Record<string, string> = {};
  for (const [field, errors] of Object.entries(details)) {
    const code = errors?.[0]?.error ?? '';
    out[field] = known[field]?.[code] ?? t.apiErrors.field.other;
  }
  return out;
}

/** "in 5 minutes" / "خلال 5 دقائق", for when a rate limit ends. */
export function retryWhen(retryAt: number, lang: string, now = Date.now()): string {
  const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
  const format = new Intl.RelativeTimeFormat(lang === 'ar' ? 'ar-u-nu-latn' : 'en', { numeric: 'always' });
  if (seconds < 90) return format.format(seconds, 'second');
  if (seconds < 90 * 60) return format.format(Math.ceil(seconds / 60), 'minute');
  if (seconds < 36 * 3600) return format.format(Math.ceil(seconds / 3600), 'hour');
  return format.format(Math.ceil(seconds / 86400), 'day');
}

/** Why a post, reply or edit was refused (or held back), in the reader's language. */
export function describePostError(error: unknown, t: Strings, lang: string): string {
  const p = t.apiErrors.post;
  if (!(error instanceof ApiError)) return p.other(0);
  if (error.status === 429) return t.apiErrors.postHeld(retryWhen(error.retryAt ?? Date.now() + 60_000, lang));
  const message = error.message;
  if (error.status === 404 && /replied to/i.test(message)) return p.replyGone;
  if (error.status === 403) return p.forbidden;
  if (/can't be blank/i.test(message)) return p.blank;
  if (/character limit/i.test(message)) return p.tooLong;
  if (/language/i.test(message)) return p.language;
  if (/media|image|file/i.test(message)) return p.media;
  return p.other(error.status);
}
