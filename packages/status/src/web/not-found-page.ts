// The 404 page for a person: an incident link that leads nowhere (a mistyped or removed id), or any
// other address the service does not have, opened in a browser. They get a page in their language
// with a way back, not the API's JSON error; machines keep {"error": "Not found"} (http/errors.ts).
import type { FastifyRequest } from 'fastify';
import { pageLang } from '../http/lang.js';
import type { Lang } from '../i18n.js';
import { html, layout, withLang } from './html.js';

const T = {
  incident: {
    title: { ar: 'لم نجد هذا الحادث', en: 'Incident not found' },
    text: { ar: 'لا يوجد حادث بهذا الرابط. ربما نُسخ الرابط ناقصًا.', en: 'There is no incident at this address. The link may have been copied incompletely.' },
  },
  page: {
    title: { ar: 'لم نجد هذه الصفحة', en: 'Page not found' },
    text: { ar: 'لا توجد صفحة بهذا الرابط. ربما نُسخ الرابط ناقصًا أو فيه خطأ.', en: 'There is no page at this address. The link may have been copied incompletely or mistyped.' },
  },
  back: { ar: 'صفحة الحالة', en: 'Status page' },
};

export function renderNotFoundPage(path: string, lang: Lang, what: 'incident' | 'page'): string {
  const { title, text } = T[what];
  const body = html`<header class="top"><h1>${title[lang]}</h1><nav><a href="${withLang('/', lang)}">${T.back[lang]}</a></nav></header>
<p class="card" id="not-found">${text[lang]} <a href="${withLang('/', lang)}">${T.back[lang]}</a></p>`;
  return layout({ lang, title: title[lang], body, otherLangHref: withLang(path, lang === 'ar' ? 'en' : 'ar') });
}

// Paths whose clients are programs (the JSON API, feeds, badges, metrics): a 404 there keeps its
// JSON shape whatever the Accept header says, so a client or an embed never has to parse HTML.
const MACHINE_PATH = /^\/(?:api(?:\/|$)|history\.|badge\.|metrics(?:\/|$)|healthz(?:\/|$))/;

// Whether the request would rather have HTML: a browser's navigation names text/html in Accept,
// fetch() and API clients send JSON or the wildcard. A q=0 range is a refusal, not a wish.
function prefersHtml(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    return type === 'text/html' && !params.some((p) => /^q=0(?:\.0*)?$/.test(p));
  });
}

/** The 404 page for an unknown path, or undefined when the JSON error is the right answer. */
export function notFoundPageFor(request: FastifyRequest): string | undefined {
  const path = request.url.split('?')[0]!;
  if (MACHINE_PATH.test(path) || !prefersHtml(request.headers.accept)) return undefined;
  // One leading slash: "//evil.example" as the language switch's href would lead to another site.
  return renderNotFoundPage(`/${path.replace(/^[/\\]+/, '')}`, pageLang(request), 'page');
}
