// What the sign-in page says an application asks for: Mastodon's scopes in words a person
// reads, in Arabic or English. A scope with no words here is shown as it is, isolated (<bdi>).
import { escapeHtml } from '../posts/content.js';

type Lang = 'ar' | 'en';

const WHOLE: Record<string, Record<Lang, string>> = {
  read: { ar: 'قراءة بيانات حسابك كلها: منشوراتك وإشعاراتك وقوائمك ومن تتابع', en: 'Read all your account’s data: posts, notifications, lists and who you follow' },
  write: { ar: 'النشر والتعديل باسمك: المنشورات والإعجابات والمتابعات والإعدادات', en: 'Post and change things for you: posts, likes, follows and settings' },
  follow: { ar: 'متابعة الحسابات وإلغاء متابعتها وحظرها وكتمها', en: 'Follow, unfollow, block and mute accounts' },
  push: { ar: 'إرسال الإشعارات إلى جهازك', en: 'Send notifications to your device' },
  profile: { ar: 'معرفة من أنت (اسمك وصورتك) فقط', en: 'Know who you are (your name and picture) only' },
  'admin:read': { ar: 'قراءة بيانات الإشراف على الخادم', en: 'Read the server’s moderation data' },
  'admin:write': { ar: 'اتخاذ إجراءات الإشراف على الخادم', en: 'Take moderation actions on the server' },
};

const VERB: Record<string, Record<Lang, string>> = {
  read: { ar: 'قراءة', en: 'Read' },
  write: { ar: 'تعديل', en: 'Change' },
  'admin:read': { ar: 'الإشراف (قراءة)', en: 'Moderation, read' },
  'admin:write': { ar: 'الإشراف (تعديل)', en: 'Moderation, change' },
};

const THING: Record<string, Record<Lang, string>> = {
  accounts: { ar: 'الحسابات والملف الشخصي', en: 'accounts and profile' },
  statuses: { ar: 'المنشورات', en: 'posts' },
  notifications: { ar: 'الإشعارات', en: 'notifications' },
  follows: { ar: 'المتابعات', en: 'follows' },
  blocks: { ar: 'الحظر', en: 'blocks' },
  mutes: { ar: 'الكتم', en: 'mutes' },
  lists: { ar: 'القوائم', en: 'lists' },
  bookmarks: { ar: 'المحفوظات', en: 'bookmarks' },
  favourites: { ar: 'الإعجابات', en: 'likes' },
  filters: { ar: 'عوامل التصفية', en: 'filters' },
  media: { ar: 'الصور والوسائط', en: 'images and media' },
  search: { ar: 'البحث', en: 'search' },
  reports: { ar: 'البلاغات', en: 'reports' },
  conversations: { ar: 'المحادثات', en: 'conversations' },
  domain_blocks: { ar: 'النطاقات المحظورة', en: 'blocked domains' },
};

/** One line of HTML (escaped) per scope asked for. */
export function scopeWords(scopes: string[], lang: Lang): string[] {
  return scopes.map((scope) => {
    const whole = WHOLE[scope];
    if (whole) return escapeHtml(whole[lang]);
    const cut = scope.lastIndexOf(':');
    const verb = VERB[scope.slice(0, cut)];
    const thing = THING[scope.slice(cut + 1)];
    if (cut > 0 && verb && thing) return escapeHtml(`${verb[lang]}: ${thing[lang]}`);
    return `<bdi dir="ltr">${escapeHtml(scope)}</bdi>`;
  });
}
