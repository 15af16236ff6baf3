// Everything user-facing, in Arabic and English. Arabic is the default language of the page.
import type { ComponentStatus } from './components/catalog.js';
import type { Problem } from './detector/problems.js';

export type Lang = 'ar' | 'en';
export type Bilingual = { en: string; ar: string };

const regionNames = { ar: new Intl.DisplayNames(['ar'], { type: 'region', fallback: 'none' }), en: new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }) };

export function regionName(code: string, lang: Lang): string {
  if (code === 'WORLD') return lang === 'ar' ? 'العالم كله' : 'worldwide';
  if (code === 'ZZ') return lang === 'ar' ? 'منطقة غير معروفة' : 'unknown region';
  try {
    return regionNames[lang].of(code) ?? code;
  } catch {
    return code;
  }
}

/** ISO 3166-1 alpha-2 codes that ICU can name, plus ZZ (unknown). */
export function isRegionCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  if (code === 'ZZ') return true;
  try {
    const name = regionNames.en.of(code);
    return name !== undefined && name !== code;
  } catch {
    return false;
  }
}

export const PROBLEM_LABELS: Record<Problem, Bilingual> = {
  website: { en: 'The website', ar: 'الموقع' },
  login: { en: 'Signing in', ar: 'تسجيل الدخول' },
  posting: { en: 'Posting', ar: 'النشر' },
  timeline: { en: 'Timeline', ar: 'الخط الزمني' },
  notifications: { en: 'Notifications', ar: 'الإشعارات' },
  search: { en: 'Search', ar: 'البحث' },
  other: { en: 'Something else', ar: 'مشكلة أخرى' },
};

export const STATUS_LABELS: Record<ComponentStatus, Bilingual> = {
  operational: { en: 'Operational', ar: 'يعمل' },
  under_maintenance: { en: 'Under maintenance', ar: 'قيد الصيانة' },
  degraded_performance: { en: 'Degraded performance', ar: 'أداء منخفض' },
  partial_outage: { en: 'Partial outage', ar: 'انقطاع جزئي' },
  major_outage: { en: 'Major outage', ar: 'انقطاع كبير' },
};

export const INCIDENT_STATUS_LABELS: Record<string, Bilingual> = {
  investigating: { en: 'Investigating', ar: 'قيد التحقيق' },
  identified: { en: 'Identified', ar: 'تم تحديد السبب' },
  monitoring: { en: 'Monitoring', ar: 'قيد المراقبة' },
  resolved: { en: 'Resolved', ar: 'تم الحل' },
  postmortem: { en: 'Postmortem', ar: 'تحليل ما بعد الحادث' },
  scheduled: { en: 'Scheduled', ar: 'مجدولة' },
  in_progress: { en: 'In progress', ar: 'جارية' },
  verifying: { en: 'Verifying', ar: 'قيد التحقق' },
  completed: { en: 'Completed', ar: 'اكتملت' },
};

export function list(items: string[], lang: Lang): string {
  return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(items);
}

/**
 * One numeral system per language, the same as the app's web client: Arabic text with Western
 * (Latin) digits, so times, counts and percentages never mix ٣ and 3 on one page.
 */
export const LOCALES: Record<Lang, string> = { ar: 'ar-u-nu-latn', en: 'en-GB' };

export function formatTime(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(ms) + ' UTC';
}

/** "1 hour, 5 minutes" / "ساعة واحدة و5 دقائق": days, hours and minutes, the largest two that are not zero. */
export function formatDuration(ms: number, lang: Lang): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const parts: [number, 'day' | 'hour' | 'minute'][] = [
    [Math.floor(minutes / 1440), 'day'],
    [Math.floor((minutes % 1440) / 60), 'hour'],
    [minutes % 60, 'minute'],
  ];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  if (shown.length === 0) shown.push([0, 'minute']);
  const words = shown.map(([n, unit]) => new Intl.NumberFormat(LOCALES[lang], { style: 'unit', unit, unitDisplay: 'long' }).format(n));
  return new Intl.ListFormat(LOCALES[lang], { style: 'long', type: 'unit' }).format(words);
}

export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}

/**
 * A ?lang= (or a body's lang): ar or en in any case ("EN", "Ar"); undefined when not given (or
 * empty), null when it names neither language or is given twice.
 */
export function parseLang(raw: unknown): Lang | null | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') return null;
  const lang = raw.trim().toLowerCase();
  return lang === 'ar' || lang === 'en' ? lang : null;
}
