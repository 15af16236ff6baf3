// What a push notification says, in the recipient's language (ar/en): a title naming who did
// what, and a short plain-text body (the post's text, or the account's bio), as Mastodon sends.
import type { NotificationJson } from '../notifications/service.js';

const TITLES: Record<'ar' | 'en', Record<string, (name: string) => string>> = {
  en: {
    mention: (n) => `${n} mentioned you`,
    status: (n) => `${n} just posted`,
    reblog: (n) => `${n} boosted your post`,
    follow: (n) => `${n} followed you`,
    follow_request: (n) => `${n} requested to follow you`,
    favourite: (n) => `${n} favourited your post`,
    poll: () => 'A poll has ended',
    update: (n) => `${n} edited a post`,
    'admin.sign_up': (n) => `${n} signed up`,
    'admin.report': (n) => `${n} filed a report`,
  },
  ar: {
    mention: (n) => `أشار إليك ${n}`,
    status: (n) => `نشر ${n} للتو`,
    reblog: (n) => `أعاد ${n} نشر منشورك`,
    follow: (n) => `تابعك ${n}`,
    follow_request: (n) => `طلب ${n} متابعتك`,
    favourite: (n) => `أعجب ${n} بمنشورك`,
    poll: () => 'انتهى استطلاع رأي',
    update: (n) => `عدّل ${n} منشورًا`,
    'admin.sign_up': (n) => `سجّل ${n} حسابًا`,
    'admin.report': (n) => `قدّم ${n} بلاغًا`,
  },
};

const BODY_LENGTH = 140;

/** HTML to the text a notification shows: tags dropped, entities read, breaks as spaces. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/p>\s*<p>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!)
    .replace(/\s+/g, ' ')
    .trim();
}

export function pushMessage(notification: NotificationJson, locale: string): { title: string; body: string; icon: string; preferred_locale: string } {
  const lang = locale.startsWith('ar') ? 'ar' : 'en';
  const name = notification.account.display_name || notification.account.username;
  const title = (TITLES[lang][notification.type] ?? TITLES[lang].mention)(name);
  const status = notification.status;
  const source = status ? status.spoiler_text || plainText(status.content) : plainText(notification.account.note);
  const chars = [...source];
  const body = chars.length > BODY_LENGTH ? `${chars.slice(0, BODY_LENGTH - 1).join('')}…` : source;
  return { title, body, icon: notification.account.avatar_static, preferred_locale: lang };
}
