// The sign-in page a Mastodon client opens in a browser for the authorization-code flow.
// Plain server-rendered HTML in Arabic or English, so it works with no JavaScript at all.
import { escapeHtml } from '../posts/content.js';
import { scopeWords } from './scope-words.js';

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
    noAccount: 'ليس لديك حساب؟',
    signUp: 'أنشئ حسابًا',
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
    noAccount: 'No account yet?',
    signUp: 'Create one',
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
<h2 class="scopes-title">${t.scopes}</h2>
<ul class="scopes">${scopeWords(input.scopes, input.lang).map((w) => `<li>${w}</li>`).join('')}</ul>
${input.failed ? `<p class="error" role="alert">${input.failed === true ? t.failed : t[input.failed]}</p>` : ''}
<form method="post" action="/oauth/authorize">${hidden}<input type="hidden" name="lang" value="${input.lang}">
<label for="login">${t.login}</label><input id="login" name="login" autocomplete="username" dir="auto" required value="${escapeHtml(input.login ?? '')}">
<label for="password">${t.password}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${t.submit}</button></form>
<p><a href="/auth/password/new?lang=${input.lang}">${t.forgot}</a></p>
<p>${t.noAccount} <a href="/" class="sign-up">${t.signUp}</a></p>
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

// The page's only style, inline; its CSP allows exactly this text by hash
// (src/http/security-headers.ts), its fonts from this server, and no script at all. The font is
// the web app's (IBM Plex Sans Arabic, served from /assets/fonts/), so signing in looks like Sirb.
// Colours pass WCAG AA in both schemes (checked by axe-core in test/e2e-web/defects-b.test.ts);
// links are underlined, never told apart by colour alone.
export const AUTHORIZE_PAGE_STYLE = `
@font-face{font-family:"IBM Plex Sans Arabic";font-weight:400;font-display:swap;src:url(/assets/fonts/ibm-plex-sans-arabic-arabic-400-normal.woff2) format("woff2");unicode-range:U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC}
@font-face{font-family:"IBM Plex Sans Arabic";font-weight:400;font-display:swap;src:url(/assets/fonts/ibm-plex-sans-arabic-latin-400-normal.woff2) format("woff2");unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD}
@font-face{font-family:"IBM Plex Sans Arabic";font-weight:600;font-display:swap;src:url(/assets/fonts/ibm-plex-sans-arabic-arabic-600-normal.woff2) format("woff2");unicode-range:U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC}
@font-face{font-family:"IBM Plex Sans Arabic";font-weight:600;font-display:swap;src:url(/assets/fonts/ibm-plex-sans-arabic-latin-600-normal.woff2) format("woff2");unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD}
:root{color-scheme:light dark;--bg:#f4f6f8;--card:#fff;--text:#14171a;--muted:#4a5560;--link:#0b6b50;--accent:#1d7a5f;--line:#8a94a0;--error:#b00020;--code:#e8ecf4}
@media (prefers-color-scheme:dark){:root{--bg:#111315;--card:#1c1f23;--text:#eceff1;--muted:#b9c2cc;--link:#7fd6b8;--line:#6b7580;--error:#ff8a80;--code:#2a2f36}}
body{font-family:"IBM Plex Sans Arabic",system-ui,sans-serif;background:var(--bg);color:var(--text);margin:0;line-height:1.5}
main{max-width:26rem;margin:3rem auto;background:var(--card);padding:2rem;border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-weight:600;font-size:1.5rem}h2{font-size:1rem;font-weight:600;margin-block:1rem .25rem}
a{color:var(--link);text-decoration:underline;text-underline-offset:.2em}
label{display:block;margin-block:1rem .25rem}input{inline-size:100%;box-sizing:border-box;padding:.6rem;font:inherit;background:var(--card);color:var(--text);border:1px solid var(--line);border-radius:8px}
button{margin-block-start:1.25rem;inline-size:100%;padding:.7rem;font:inherit;font-weight:600;background:var(--accent);color:#fff;border:0;border-radius:8px;cursor:pointer}
.error{color:var(--error)}.scopes{color:var(--muted);font-size:.95rem;margin:0;padding-inline-start:1.25rem}code{display:block;padding:1rem;background:var(--code);color:var(--text);word-break:break-all;direction:ltr}
`;
