// The problem report page. A plain HTML form that posts to /report, so it works without
// JavaScript and without the app: it is served by the status service itself.
import { PROBLEMS } from '../detector/problems.js';
import { PROBLEM_LABELS, regionName, type Lang } from '../i18n.js';
import { html, layout, withLang } from './html.js';

// The choices offered; anything else can still be sent through the API.
const REGIONS = ['SA', 'EG', 'AE', 'KW', 'QA', 'BH', 'OM', 'JO', 'LB', 'IQ', 'SY', 'PS', 'YE', 'MA', 'DZ', 'TN', 'LY', 'SD', 'TR', 'GB', 'FR', 'DE', 'US', 'CA', 'JP', 'IN', 'PK', 'ID', 'MY', 'BR'];

const T = {
  title: { ar: 'أبلغ عن مشكلة في سرب', en: 'Report a problem with Sirb' },
  intro: {
    ar: 'هل يتعطل سرب عندك؟ أخبرنا بما لا يعمل. تساعدنا البلاغات من أماكن كثيرة على رصد الأعطال بسرعة.',
    en: 'Is Sirb not working for you? Tell us what is broken. Reports from many places help us spot outages quickly.',
  },
  what: { ar: 'ما الذي لا يعمل؟', en: 'What is not working?' },
  where: { ar: 'أين أنت؟ (اختياري)', en: 'Where are you? (optional)' },
  auto: { ar: 'حدِّده تلقائيًا', en: 'Detect automatically' },
  send: { ar: 'أرسل البلاغ', en: 'Send report' },
  thanks: { ar: 'شكرًا لك! وصلنا بلاغك.', en: 'Thank you! We have your report.' },
  back: { ar: 'صفحة الحالة', en: 'Status page' },
};

export interface ReportPageState {
  lang: Lang;
  sent?: boolean;
  error?: string;
}

export function renderReportPage(s: ReportPageState): string {
  const { lang } = s;
  const regions = REGIONS.map((code) => ({ code, name: regionName(code, lang) })).sort((a, b) => a.name.localeCompare(b.name, lang));
  const body = html`<header class="top"><h1>${T.title[lang]}</h1><nav><a href="${withLang('/', lang)}">${T.back[lang]}</a></nav></header>
${s.sent ? html`<p class="notice ok" role="status" id="report-thanks">${T.thanks[lang]}</p>` : ''}
${s.error ? html`<p class="notice err" role="alert" id="report-error">${s.error}</p>` : ''}
<form class="card" method="post" action="${withLang('/report', lang)}" id="report-form">
<p>${T.intro[lang]}</p>
<fieldset><legend><strong>${T.what[lang]}</strong></legend>
${PROBLEMS.map((p, i) => html`<label class="choice"><input type="radio" name="problem" value="${p}" ${i === 0 ? 'required' : ''}> ${PROBLEM_LABELS[p][lang]}</label>`)}
</fieldset>
<p><label><strong>${T.where[lang]}</strong><br><select name="region"><option value="">${T.auto[lang]}</option>${regions.map((r) => html`<option value="${r.code}">${r.name}</option>`)}</select></label></p>
<button type="submit">${T.send[lang]}</button>
</form>`;
  return layout({ lang, title: T.title[lang], body, otherLangHref: withLang('/report', lang === 'ar' ? 'en' : 'ar') });
}
