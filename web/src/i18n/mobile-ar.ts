// النصوص العربية لشريط الهاتف وتأكيد الخروج وعناصر التحميل (t.mobile)؛ قائمة الاختصارات في shortcuts-ar.ts.
import type { mobileEn } from './mobile-en';

export const mobileAr: typeof mobileEn = {
  bottomNav: 'التنقل السريع',
  more: 'المزيد',
  compose: 'منشور جديد',
  signOutConfirm: 'يمكنك تسجيل الدخول مجدداً متى شئت.',
  signOutYes: 'تسجيل الخروج',
  loading: 'جارٍ التحميل…',
  slow: 'يستغرق هذا وقتاً أطول من المعتاد. ما زلنا نحاول…',
};
