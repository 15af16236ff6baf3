// The admin page (/admin): write incidents and maintenances, and post their updates, in Arabic or
// English. The page itself holds nothing secret: its script asks for an admin token (the static
// STATUS_ADMIN_TOKEN or an app admin token), keeps it for the browser tab only, and calls the
// admin JSON API with it, so the API's own admin checks are the only gate (and bearer tokens, not
// cookies, leave nothing for another site to forge).
import { COMPONENTS } from '../components/catalog.js';
import { ERROR_TEXTS } from '../http/error-codes.js';
import { INCIDENT_STATUS_LABELS, type Lang } from '../i18n.js';
import { IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '../incidents/model.js';
import { html, layout, raw, withLang, type Raw } from '../web/html.js';

const T = {
  title: { ar: 'إدارة صفحة الحالة', en: 'Status page admin' },
  back: { ar: 'صفحة الحالة', en: 'Status page' },
  token: { ar: 'رمز الإدارة', en: 'Admin token' },
  signIn: { ar: 'دخول', en: 'Sign in' },
  signOut: { ar: 'خروج', en: 'Sign out' },
  refused: { ar: 'رُفض الرمز: ليس رمز إدارة.', en: 'That token was refused: it is not an admin token.' },
  failed: { ar: 'تعذّر الحفظ', en: 'Could not save' },
  loadFailed: { ar: 'تعذّر التحميل', en: 'Could not load' },
  unreachable: { ar: 'تعذّر الوصول إلى خدمة الحالة.', en: 'The status service could not be reached.' },
  saved: { ar: 'حُفظ.', en: 'Saved.' },
  create: { ar: 'حادث أو صيانة جديدة', en: 'New incident or maintenance' },
  template: { ar: 'من قالب', en: 'From a template' },
  noTemplate: { ar: 'بلا قالب', en: 'No template' },
  kind: { ar: 'النوع', en: 'Kind' },
  incident: { ar: 'حادث', en: 'Incident' },
  maintenance: { ar: 'صيانة مجدولة', en: 'Scheduled maintenance' },
  nameEn: { ar: 'العنوان بالإنجليزية', en: 'Title in English' },
  nameAr: { ar: 'العنوان بالعربية', en: 'Title in Arabic' },
  bodyEn: { ar: 'الرسالة بالإنجليزية', en: 'Message in English' },
  bodyAr: { ar: 'الرسالة بالعربية', en: 'Message in Arabic' },
  impact: { ar: 'الأثر', en: 'Impact' },
  components: { ar: 'المكونات المتأثرة (لا شيء = الكل)', en: 'Affected components (none = all)' },
  from: { ar: 'تبدأ', en: 'Starts' },
  until: { ar: 'تنتهي', en: 'Ends' },
  publish: { ar: 'انشر', en: 'Publish' },
  open: { ar: 'الحوادث والصيانات المفتوحة', en: 'Open incidents and maintenances' },
  none: { ar: 'لا شيء مفتوح.', en: 'Nothing open.' },
  status: { ar: 'الحالة', en: 'Status' },
  postUpdate: { ar: 'انشر التحديث', en: 'Post update' },
};

const IMPACT_LABELS: Record<string, { ar: string; en: string }> = {
  none: { ar: 'بلا أثر', en: 'None' },
  minor: { ar: 'بسيط', en: 'Minor' },
  major: { ar: 'كبير', en: 'Major' },
  critical: { ar: 'حرج', en: 'Critical' },
  maintenance: { ar: 'صيانة', en: 'Maintenance' },
};

const field = (id: string, label: string, input: Raw) => html`<p><label for="${id}">${label}</label><br>${input}</p>`;
const statusOptions = (statuses: readonly string[], lang: Lang) => statuses.map((s) => html`<option value="${s}">${INCIDENT_STATUS_LABELS[s]?.[lang] ?? s}</option>`);

/** The API's error codes in the page's language, for its script (the API's own text is English). */
const errorTexts = (lang: Lang) => Object.fromEntries(Object.entries(ERROR_TEXTS).map(([code, text]) => [code, text[lang]]));

export function renderAdminPage(lang: Lang): string {
  const body = html`<header class="top"><h1>${T.title[lang]}</h1><nav><a href="${withLang('/', lang)}">${T.back[lang]}</a><button type="button" id="sign-out" hidden>${T.signOut[lang]}</button></nav></header>
<p class="notice err" role="alert" id="admin-error" hidden></p>
<p class="notice ok" role="status" id="admin-saved" hidden>${T.saved[lang]}</p>
<form class="card" id="token-form">${field('token', T.token[lang], html`<input id="token" type="password" autocomplete="off" required dir="ltr">`)}<button type="submit">${T.signIn[lang]}</button></form>
<div id="admin-app" hidden>
<form class="card" id="incident-form"><h2>${T.create[lang]}</h2>
${field('template', T.template[lang], html`<select id="template" name="template"><option value="">${T.noTemplate[lang]}</option></select>`)}
<fieldset><legend>${T.kind[lang]}</legend><label class="choice"><input type="radio" name="kind" value="incident" checked> ${T.incident[lang]}</label><label class="choice"><input type="radio" name="kind" value="maintenance"> ${T.maintenance[lang]}</label></fieldset>
${field('name', T.nameEn[lang], html`<input id="name" name="name" maxlength="200" dir="ltr">`)}
${field('name_ar', T.nameAr[lang], html`<input id="name_ar" name="name_ar" maxlength="200" dir="rtl">`)}
${field('body', T.bodyEn[lang], html`<textarea id="body" name="body" rows="3" maxlength="5000" dir="ltr"></textarea>`)}
${field('body_ar', T.bodyAr[lang], html`<textarea id="body_ar" name="body_ar" rows="3" maxlength="5000" dir="rtl"></textarea>`)}
${field('impact', T.impact[lang], html`<select id="impact" name="impact">${IMPACTS.map((i) => html`<option value="${i}" ${i === 'minor' ? raw('selected') : ''}>${IMPACT_LABELS[i]![lang]}</option>`)}</select>`)}
<fieldset><legend>${T.components[lang]}</legend>${COMPONENTS.map((c) => html`<label class="choice"><input type="checkbox" name="components" value="${c.id}"> ${c.name[lang]}</label>`)}</fieldset>
<div id="maintenance-times" hidden>${field('scheduled_for', T.from[lang], html`<input id="scheduled_for" name="scheduled_for" type="datetime-local">`)}${field('scheduled_until', T.until[lang], html`<input id="scheduled_until" name="scheduled_until" type="datetime-local">`)}</div>
<button type="submit">${T.publish[lang]}</button></form>
<section class="card"><h2>${T.open[lang]}</h2><div id="open-list"></div><p class="muted" id="open-none" hidden>${T.none[lang]}</p></section>
</div>
<template id="update-form-incident"><form class="update-form"><p><label>${T.status[lang]} <select name="status">${statusOptions(INCIDENT_STATUSES, lang)}</select></label></p><p><textarea name="body" rows="2" maxlength="5000" dir="ltr" placeholder="${T.bodyEn[lang]}" aria-label="${T.bodyEn[lang]}" required></textarea></p><p><textarea name="body_ar" rows="2" maxlength="5000" dir="rtl" placeholder="${T.bodyAr[lang]}" aria-label="${T.bodyAr[lang]}"></textarea></p><button type="submit">${T.postUpdate[lang]}</button></form></template>
<template id="update-form-maintenance"><form class="update-form"><p><label>${T.status[lang]} <select name="status">${statusOptions(MAINTENANCE_STATUSES, lang)}</select></label></p><p><textarea name="body" rows="2" maxlength="5000" dir="ltr" placeholder="${T.bodyEn[lang]}" aria-label="${T.bodyEn[lang]}" required></textarea></p><p><textarea name="body_ar" rows="2" maxlength="5000" dir="rtl" placeholder="${T.bodyAr[lang]}" aria-label="${T.bodyAr[lang]}"></textarea></p><button type="submit">${T.postUpdate[lang]}</button></form></template>
<span id="admin-strings" hidden data-refused="${T.refused[lang]}" data-failed="${T.failed[lang]}" data-load-failed="${T.loadFailed[lang]}" data-unreachable="${T.unreachable[lang]}" data-errors="${JSON.stringify(errorTexts(lang))}"></span>`;
  return layout({ lang, title: T.title[lang], body, otherLangHref: withLang('/admin', lang === 'ar' ? 'en' : 'ar'), scripts: ['/assets/admin.js'] });
}
