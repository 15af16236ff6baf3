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

export function formatTime(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'ar' ? 'ar-EG' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(ms) + ' UTC';
}

export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}
