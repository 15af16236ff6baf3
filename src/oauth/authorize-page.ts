// The sign-in page a Mastodon client opens in a browser for the authorization-code flow.
// Plain server-rendered HTML in Arabic or English, so it works with no JavaScript at all.
import { escapeHtml } from '../posts/content.js';

const TEXT = {
  ar: {
    title: 'تسجيل الدخول إلى سرب',
    asks: (app: string) => `يطلب التطبيق «${app}» الوصول إلى حسابك.`,
    scopes: 'الصلاحيات المطلوبة',
    login: 'البريد الإلكتروني أو اسم المستخدم',
    password: 'كلمة المرور',
    submit: 'تسجيل الدخول والسماح',
    failed: 'البريد أو اسم المستخدم أو كلمة المرور غير صحيحة.',
    locked: 'محاولات فاشلة كثيرة لهذا الحساب أو من هذا العنوان. حاول مرة أخرى لاحقًا.',
    code: 'انسخ هذا الرمز والصقه في التطبيق:',
    other: 'English',
    otpAsk: 'افتح تطبيق المصادقة واكتب الرمز المكوّن من ستة أرقام، أو أحد رموز الاسترداد.',
    otp: 'رمز التحقق',
    otpSubmit: 'تحقّق',
    otpFailed: 'الرمز غير صحيح أو استُعمل من قبل.',
    forgot: 'نسيت كلمة المرور؟',
    suspended: 'هذا الحساب موقوف، فلا يمكن تسجيل الدخول إليه.',
    pending: 'حسابك بانتظار موافقة المشرفين. تستطيع تسجيل الدخول بعد الموافقة عليه.',
    unconfirmed: 'لم يتأكّد بريدك الإلكتروني بعد: اتبع الرابط في الرسالة التي أرسلناها إليك.',
  },
  en: {
    title: 'Sign in to Sirb',
    asks: (app: string) => `“${app}” would like to access your account.`,
    scopes: 'Requested permissions',
    login: 'Email or username',
    password: 'Password',
    submit: 'Sign in and authorize',
    failed: 'Wrong email, username or password.',
    locked: 'Too many failed attempts for this account or from this address. Try again later.',
    code: 'Copy this code and paste it into the application:',
    other: 'العربية',
    otpAsk: 'Open your authenticator app and enter the six-digit code, or one of your recovery codes.',
    otp: 'Verification code',
    otpSubmit: 'Verify',
    otpFailed: 'The code is wrong or was used already.',
    forgot: 'Forgot your password?',
    suspended: 'This account is suspended: it cannot sign in.',
    pending: 'Your account waits for a moderator’s approval. You can sign in once it is approved.',
    unconfirmed: 'Your email address is not confirmed yet: follow the link in the message we sent you.',
  },
};

export type PageLang = keyof typeof TEXT;

export function pickLang(queryLang: unknown, acceptLanguage: string | undefined): PageLang {
  if (queryLang === 'ar' || queryLang === 'en') return queryLang;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ar';
}

/** A page in the sign-in page's frame and style (the email pages use it too: mail/pages.ts). */
export function layout(lang: PageLang, body: string, title?: string): string {
  const t = TEXT[lang];
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title ?? t.title}</title>
<style>${AUTHORIZE_PAGE_STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

export function renderAuthorizePage(input: {
  lang: PageLang;
  appName: string;
  scopes: string[];
  hidden: Record<string, string>;
  /**
   * true: wrong login or password; 'locked': too many failed attempts (login-guard.ts); or why
   * a right password is refused (http/auth.ts LOGIN_REFUSALS).
   */
  failed?: boolean | 'locked' | 'suspended' | 'pending' | 'unconfirmed';
  login?: string;
}): string {
  const t = TEXT[input.lang];
  const hidden = Object.entries(input.hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const other = input.lang === 'ar' ? 'en' : 'ar';
  const switchParams = new URLSearchParams({ ...input.hidden, lang: other }).toString();
  return layout(
    input.lang,
    `<h1>${t.title}</h1>
<p>${escapeHtml(t.asks(input.appName))}</p>
<p class="scopes">${t.scopes}: <bdi>${escapeHtml(input.scopes.join(' '))}</bdi></p>
${input.failed ? `<p class="error" role="alert">${input.failed === true ? t.failed : t[input.failed]}</p>` : ''}
<form method="post" action="/oauth/authorize">${hidden}<input type="hidden" name="lang" value="${input.lang}">
<label for="login">${t.login}</label><input id="login" name="login" autocomplete="username" dir="auto" required value="${escapeHtml(input.login ?? '')}">
<label for="password">${t.password}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${t.submit}</button></form>
<p><a href="/auth/password/new?lang=${input.lang}">${t.forgot}</a></p>
<p><a href="/oauth/authorize?${escapeHtml(switchParams)}" lang="${other}">${TEXT[other].other === t.other ? '' : t.other}</a></p>`,
  );
}

/**
 * The second step for an account with two-factor sign-in: the password was right (the ticket
 * says so, signed and short-lived); now the code from the authenticator app or a recovery code.
 */
export function renderTwoFactorPage(input: { lang: PageLang; appName: string; hidden: Record<string, string>; ticket: string; failed?: boolean | 'locked' }): string {
  const t = TEXT[input.lang];
  const hidden = Object.entries({ ...input.hidden, two_factor_ticket: input.ticket })
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return layout(
    input.lang,
    `<h1>${t.title}</h1>
<p>${escapeHtml(t.asks(input.appName))}</p>
<p>${t.otpAsk}</p>
${input.failed ? `<p class="error" role="alert">${input.failed === 'locked' ? t.locked : t.otpFailed}</p>` : ''}
<form method="post" action="/oauth/authorize">${hidden}<input type="hidden" name="lang" value="${input.lang}">
<label for="otp_attempt">${t.otp}</label><input id="otp_attempt" name="otp_attempt" autocomplete="one-time-code" inputmode="numeric" dir="ltr" required maxlength="20" autofocus>
<button type="submit">${t.otpSubmit}</button></form>`,
  );
}

export function renderCodePage(lang: PageLang, code: string): string {
  return layout(lang, `<h1>${TEXT[lang].title}</h1><p>${TEXT[lang].code}</p><code id="code">${escapeHtml(code)}</code>`);
}

// The page's only style, inline so the page is one request; its CSP allows exactly this text by
// hash (src/http/security-headers.ts), and no script at all.
export const AUTHORIZE_PAGE_STYLE = `
body{font-family:system-ui,"Noto Naskh Arabic","IBM Plex Sans Arabic",sans-serif;background:#f4f6f8;color:#14171a;margin:0}
main{max-width:26rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:12px;box-shadow:0 1px 4px #0002}
label{display:block;margin-block:1rem .25rem}input{inline-size:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #ccd;border-radius:8px}
button{margin-block-start:1.25rem;inline-size:100%;padding:.7rem;font-size:1rem;background:#1d7a5f;color:#fff;border:0;border-radius:8px;cursor:pointer}
.error{color:#b00020}.scopes{color:#555;font-size:.9rem}code{display:block;padding:1rem;background:#eef;word-break:break-all;direction:ltr}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}main{background:#1c1f23}input{background:#111;color:#eee;border-color:#444}}
`;
