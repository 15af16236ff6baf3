// The page for an incident link that leads nowhere (a mistyped or removed id): a person following
// it gets a page in their language with a way back, not the API's JSON error.
import type { Lang } from '../i18n.js';
import { html, layout, withLang } from './html.js';

const T = {
  title: { ar: 'لم نجد هذا الحادث', en: 'Incident not found' },
  text: { ar: 'لا يوجد حادث بهذا الرابط. ربما نُسخ الرابط ناقصًا.', en: 'There is no incident at this address. The link may have been copied incompletely.' },
  back: { ar: 'صفحة الحالة', en: 'Status page' },
};

export function renderIncidentNotFoundPage(path: string, lang: Lang): string {
  const body = html`<header class="top"><h1>${T.title[lang]}</h1><nav><a href="${withLang('/', lang)}">${T.back[lang]}</a></nav></header>
<p class="card" id="not-found">${T.text[lang]} <a href="${withLang('/', lang)}">${T.back[lang]}</a></p>`;
  return layout({ lang, title: T.title[lang], body, otherLangHref: withLang(path, lang === 'ar' ? 'en' : 'ar') });
}
