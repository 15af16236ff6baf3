// What Sirb's emails say, in the account's language (ar or en). Plain text with the same
// words as HTML, the HTML right-to-left for Arabic; links are the only thing not translated.
import { escapeHtml } from '../posts/content.js';
import type { MailMessage } from './mailer.js';

export type MailLang = 'ar' | 'en';

export const mailLang = (locale: string | null | undefined): MailLang => (locale === 'en' ? 'en' : 'ar');

const TEXT = {
  ar: {
    confirmSubject: 'أكّد بريدك الإلكتروني في سرب',
    confirmBody: (name: string) => `مرحبًا @${name}، اتبع هذا الرابط لتأكيد بريدك الإلكتروني وتفعيل حسابك:`,
    confirmAfter: 'إن لم تنشئ حسابًا في سرب فتجاهل هذه الرسالة.',
    resetSubject: 'إعادة تعيين كلمة المرور في سرب',
    resetBody: (name: string) => `طلب أحدهم إعادة تعيين كلمة مرور الحساب @${name}. اتبع هذا الرابط لاختيار كلمة مرور جديدة (صالح ست ساعات):`,
    resetAfter: 'إن لم تطلب ذلك فتجاهل هذه الرسالة: كلمة مرورك لم تتغير.',
    warningSubject: 'تحذير من مشرفي سرب',
    warningBody: (name: string) => `مرحبًا @${name}، أرسل إليك مشرفو سرب هذا التحذير بشأن حسابك:`,
    warningAfter: 'التزم بقواعد الخادم لتجنّب إجراءات أشد.',
  },
  en: {
    confirmSubject: 'Confirm your email address on Sirb',
    confirmBody: (name: string) => `Hello @${name}, follow this link to confirm your email address and activate your account:`,
    confirmAfter: 'If you did not sign up on Sirb, ignore this message.',
    resetSubject: 'Reset your Sirb password',
    resetBody: (name: string) => `Someone asked to reset the password of @${name}. Follow this link to choose a new password (valid for six hours):`,
    resetAfter: 'If that was not you, ignore this message: your password has not changed.',
    warningSubject: 'A warning from the Sirb moderators',
    warningBody: (name: string) => `Hello @${name}, the Sirb moderators sent you this warning about your account:`,
    warningAfter: 'Keep to the server rules to avoid stronger action.',
  },
};

function compose(lang: MailLang, to: string, subject: string, lines: { text: string; link?: string; quote?: string }[]): MailMessage {
  const text = lines.map((l) => [l.text, l.quote, l.link].filter(Boolean).join('\n\n')).join('\n\n');
  const html = `<!doctype html><html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"><body>${lines
    .map((l) => `<p>${escapeHtml(l.text)}</p>${l.quote ? `<blockquote dir="auto">${escapeHtml(l.quote).replace(/\n/g, '<br>')}</blockquote>` : ''}${l.link ? `<p dir="ltr"><a href="${escapeHtml(l.link)}">${escapeHtml(l.link)}</a></p>` : ''}`)
    .join('')}</body></html>`;
  return { to, subject, text, html, lang };
}

export function confirmationMessage(lang: MailLang, to: string, username: string, link: string): MailMessage {
  const t = TEXT[lang];
  return compose(lang, to, t.confirmSubject, [{ text: t.confirmBody(username), link }, { text: t.confirmAfter }]);
}

export function passwordResetMessage(lang: MailLang, to: string, username: string, link: string): MailMessage {
  const t = TEXT[lang];
  return compose(lang, to, t.resetSubject, [{ text: t.resetBody(username), link }, { text: t.resetAfter }]);
}

export function moderationWarningMessage(lang: MailLang, to: string, username: string, warning: string): MailMessage {
  const t = TEXT[lang];
  return compose(lang, to, t.warningSubject, [{ text: t.warningBody(username), quote: warning }, { text: t.warningAfter }]);
}
