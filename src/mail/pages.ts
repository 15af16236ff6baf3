// The pages behind mailed links (confirmation, password reset), server-rendered in Arabic or
// English in the sign-in page's frame: no JavaScript, the same strict CSP.
import { escapeHtml } from '../posts/content.js';
import { layout, type PageLang } from '../oauth/authorize-page.js';

const TEXT = {
  ar: {
    confirmedTitle: 'تأكيد البريد الإلكتروني',
    confirmed: 'تأكّد بريدك الإلكتروني. يمكنك تسجيل الدخول الآن.',
    confirmedPending: 'تأكّد بريدك الإلكتروني. سيراجع المشرفون طلب انضمامك، وتستطيع تسجيل الدخول بعد موافقتهم.',
    badLink: 'هذا الرابط غير صالح أو انتهت مدته أو استُعمل من قبل.',
    resetTitle: 'إعادة تعيين كلمة المرور',
    resetAsk: 'اكتب بريدك الإلكتروني أو اسم المستخدم، وسنرسل إليك رابطًا لاختيار كلمة مرور جديدة.',
    login: 'البريد الإلكتروني أو اسم المستخدم',
    send: 'أرسل الرابط',
    sent: 'إن كان لهذا العنوان حساب هنا فقد أرسلنا إليه رابطًا لإعادة تعيين كلمة المرور. تفقّد بريدك.',
    mailOff: 'البريد الإلكتروني غير مفعّل في هذا الخادم، فلا يمكن إرسال رابط إعادة التعيين. اطلب المساعدة من مشرفي الخادم.',
    newPassword: 'كلمة المرور الجديدة',
    confirmPassword: 'أعد كتابة كلمة المرور',
    save: 'احفظ كلمة المرور',
    tooShort: 'كلمة المرور يجب أن تكون بين 8 و72 حرفًا.',
    mismatch: 'كلمتا المرور غير متطابقتين.',
    done: 'تغيّرت كلمة المرور، وخرجت من حسابك في كل مكان. سجّل الدخول بكلمة المرور الجديدة.',
    other: 'English',
  },
  en: {
    confirmedTitle: 'Email confirmation',
    confirmed: 'Your email address is confirmed. You can sign in now.',
    confirmedPending: 'Your email address is confirmed. The moderators will review your sign-up; you can sign in once they approve it.',
    badLink: 'This link is invalid, expired or was used already.',
    resetTitle: 'Reset your password',
    resetAsk: 'Enter your email address or username and we will send you a link to choose a new password.',
    login: 'Email or username',
    send: 'Send the link',
    sent: 'If this address has an account here, we sent it a link to reset the password. Check your inbox.',
    mailOff: 'Email is turned off on this server, so no reset link can be sent. Ask the server’s moderators for help.',
    newPassword: 'New password',
    confirmPassword: 'Repeat the password',
    save: 'Save the password',
    tooShort: 'The password must be 8 to 72 characters long.',
    mismatch: 'The two passwords differ.',
    done: 'Your password has changed and you are signed out everywhere. Sign in with the new password.',
    other: 'العربية',
  },
};

export type ResetProblem = 'tooShort' | 'mismatch';

function page(lang: PageLang, title: string, body: string): string {
  return layout(lang, `<h1>${escapeHtml(title)}</h1>${body}`, title);
}

const alert = (text: string) => `<p class="error" role="alert">${escapeHtml(text)}</p>`;
const note = (text: string) => `<p role="status">${escapeHtml(text)}</p>`;

export function confirmationPage(lang: PageLang, outcome: 'confirmed' | 'confirmedPending' | 'badLink'): string {
  const t = TEXT[lang];
  return page(lang, t.confirmedTitle, outcome === 'badLink' ? alert(t.badLink) : note(t[outcome]));
}

export function resetRequestPage(lang: PageLang, state: 'form' | 'sent' | 'mailOff'): string {
  const t = TEXT[lang];
  if (state === 'mailOff') return page(lang, t.resetTitle, alert(t.mailOff));
  if (state === 'sent') return page(lang, t.resetTitle, note(t.sent));
  const other = lang === 'ar' ? 'en' : 'ar';
  return page(
    lang,
    t.resetTitle,
    `<p>${escapeHtml(t.resetAsk)}</p>
<form method="post" action="/auth/password"><input type="hidden" name="lang" value="${lang}">
<label for="login">${t.login}</label><input id="login" name="login" autocomplete="username" dir="auto" required maxlength="320">
<button type="submit">${t.send}</button></form>
<p><a href="/auth/password/new?lang=${other}" lang="${other}">${t.other}</a></p>`,
  );
}

export function resetPasswordPage(lang: PageLang, token: string, state: 'form' | 'badLink' | 'done' | ResetProblem): string {
  const t = TEXT[lang];
  if (state === 'badLink') return page(lang, t.resetTitle, alert(t.badLink));
  if (state === 'done') return page(lang, t.resetTitle, note(t.done));
  return page(
    lang,
    t.resetTitle,
    `${state === 'form' ? '' : alert(t[state])}
<form method="post" action="/auth/password/edit"><input type="hidden" name="lang" value="${lang}"><input type="hidden" name="reset_password_token" value="${escapeHtml(token)}">
<label for="password">${t.newPassword}</label><input id="password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="72">
<label for="password_confirmation">${t.confirmPassword}</label><input id="password_confirmation" name="password_confirmation" type="password" autocomplete="new-password" required minlength="8" maxlength="72">
<button type="submit">${t.save}</button></form>`,
  );
}
