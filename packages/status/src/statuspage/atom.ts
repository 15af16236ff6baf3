// The incident history as feeds: Atom (/history.atom) and RSS 2.0 (/history.rss), one entry per
// incident with its updates, one feed per language (Arabic by default).
import type { Lang } from '../i18n.js';
import { INCIDENT_STATUS_LABELS } from '../i18n.js';
import type { Incident } from '../incidents/model.js';
import type { PageInfo } from './presenter.js';

// What XML 1.0 cannot hold in any form (not even as a character reference): C0 controls other
// than tab, LF and CR, U+FFFE/U+FFFF and lone surrogates. JSON can carry them into an incident's
// title or message, and one of them would make the whole feed unreadable, so they are dropped.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/**
 * The start of every id this installation mints: a tag URI (RFC 4151) whose authority is the
 * status page's own host and whose date is the day this installation was created, so two Sirb
 * installations never give the same id to different incidents.
 */
export function tagPrefix(page: PageInfo): string {
  let host = 'localhost';
  try {
    host = new URL(page.url).hostname.toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^-+|-+$/g, '') || host;
  } catch {
    // An unusable public URL still gives valid ids.
  }
  return `tag:${host},${new Date(page.createdAt).toISOString().slice(0, 10)}:`;
}

export const feedTitle = (page: PageInfo, lang: Lang) => (lang === 'ar' ? `${page.name === 'Sirb' ? 'سرب' : page.name} - سجل الحالة` : `${page.name} Status - Incident History`);
export const feedSubtitle = (lang: Lang) => (lang === 'ar' ? 'الحوادث والصيانة المجدولة وتحديثاتها' : 'Incidents, scheduled maintenance and their updates');
export const entryId = (page: PageInfo, incident: Incident, lang: Lang) => `${tagPrefix(page)}incident:${incident.id}:${lang}`;
export const incidentUrl = (page: PageInfo, incident: Incident, lang: Lang) => `${page.url}/incidents/${incident.id}?lang=${lang}`;

/** An incident's updates as HTML (escaped again by the feed that carries it). */
export function incidentHtml(incident: Incident, lang: Lang): string {
  return incident.updates
    .map((u) => `<p><small>${new Date(u.createdAt).toISOString()}</small><br><strong>${escapeXml(INCIDENT_STATUS_LABELS[u.status]?.[lang] ?? u.status)}</strong> - ${escapeXml(u.body[lang])}</p>`)
    .join('');
}

export function atomFeed(page: PageInfo, incidents: Incident[], lang: Lang): string {
  const updated = new Date(Math.max(page.updatedAt, ...incidents.map((i) => i.updatedAt))).toISOString();
  const other: Lang = lang === 'ar' ? 'en' : 'ar';
  const entries = incidents.map(
    (i) => `  <entry>
    <id>${escapeXml(entryId(page, i, lang))}</id>
    <published>${new Date(i.createdAt).toISOString()}</published>
    <updated>${new Date(i.updatedAt).toISOString()}</updated>
    <link rel="alternate" type="text/html" hreflang="${lang}" href="${escapeXml(incidentUrl(page, i, lang))}"/>
    <title>${escapeXml(i.name[lang])}</title>
    <category term="${i.kind}"/>
    <content type="html">${escapeXml(incidentHtml(i, lang))}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xml:lang="${lang}" xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(`${tagPrefix(page)}history:${lang}`)}</id>
  <title>${escapeXml(feedTitle(page, lang))}</title>
  <subtitle>${escapeXml(feedSubtitle(lang))}</subtitle>
  <updated>${updated}</updated>
  <author><name>${escapeXml(lang === 'ar' ? `حالة ${page.name === 'Sirb' ? 'سرب' : page.name}` : `${page.name} Status`)}</name><uri>${escapeXml(page.url)}</uri></author>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${page.url}/history.atom?lang=${lang}`)}"/>
  <link rel="alternate" type="text/html" hreflang="${lang}" href="${escapeXml(`${page.url}/?lang=${lang}`)}"/>
  <link rel="alternate" type="application/atom+xml" hreflang="${other}" href="${escapeXml(`${page.url}/history.atom?lang=${other}`)}"/>
  <link rel="alternate" type="application/rss+xml" hreflang="${lang}" href="${escapeXml(`${page.url}/history.rss?lang=${lang}`)}"/>
  <generator>Sirb status</generator>
${entries.join('\n')}
</feed>
`;
}
