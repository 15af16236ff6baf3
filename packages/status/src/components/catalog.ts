// The components shown on the status page, each probed through the app's public Mastodon API.
export const COMPONENT_IDS = ['website', 'api', 'sign_in', 'posting', 'timelines', 'search', 'notifications'] as const;
export type ComponentId = (typeof COMPONENT_IDS)[number];

export const COMPONENT_STATUSES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export interface ComponentInfo {
  id: ComponentId;
  name: { en: string; ar: string };
  description: { en: string; ar: string };
}

export const COMPONENTS: ComponentInfo[] = [
  { id: 'website', name: { en: 'Website', ar: 'الموقع' }, description: { en: 'The web app at the home page', ar: 'تطبيق الويب في الصفحة الرئيسية' } },
  { id: 'api', name: { en: 'API', ar: 'واجهة البرمجة' }, description: { en: 'The Mastodon-compatible API used by apps', ar: 'واجهة البرمجة المتوافقة مع ماستودون التي تستخدمها التطبيقات' } },
  { id: 'sign_in', name: { en: 'Sign-in', ar: 'تسجيل الدخول' }, description: { en: 'Signing in and app authorisation', ar: 'تسجيل الدخول وتفويض التطبيقات' } },
  { id: 'posting', name: { en: 'Posting', ar: 'النشر' }, description: { en: 'Publishing and deleting posts', ar: 'نشر المنشورات وحذفها' } },
  { id: 'timelines', name: { en: 'Timelines', ar: 'الخطوط الزمنية' }, description: { en: 'Home and public timelines', ar: 'الخط الزمني الرئيسي والعام' } },
  { id: 'search', name: { en: 'Search', ar: 'البحث' }, description: { en: 'Searching posts, people and hashtags', ar: 'البحث في المنشورات والأشخاص والوسوم' } },
  { id: 'notifications', name: { en: 'Notifications & streaming', ar: 'الإشعارات والبث المباشر' }, description: { en: 'Notifications and live updates', ar: 'الإشعارات والتحديثات المباشرة' } },
];

export function isComponentId(value: unknown): value is ComponentId {
  return typeof value === 'string' && (COMPONENT_IDS as readonly string[]).includes(value);
}

/** Which component a reported problem points at. */
export const PROBLEM_COMPONENT: Record<string, ComponentId | undefined> = {
  website: 'website',
  login: 'sign_in',
  posting: 'posting',
  timeline: 'timelines',
  notifications: 'notifications',
  search: 'search',
  other: undefined,
};

// Maintenance is announced downtime, not a fault: it raises no outage severity.
const SEVERITY: Record<ComponentStatus, number> = { operational: 0, under_maintenance: 0, degraded_performance: 1, partial_outage: 2, major_outage: 3 };

export function severity(status: ComponentStatus): number {
  return SEVERITY[status];
}
