// The incident history as an Atom feed (/history.atom), one entry per incident with its updates.
import type { Lang } from '../i18n.js';
import { INCIDENT_STATUS_LABELS } from '../i18n.js';
import type { Incident } from '../incidents/model.js';
import type { PageInfo } from './presenter.js';

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export function atomFeed(page: PageInfo, incidents: Incident[], lang: Lang): string {
  const updated = new Date(Math.max(page.updatedAt, ...incidents.map((i) => i.updatedAt))).toISOString();
  const entries = incidents.map((i) => {
    const html = i.updates
      .map((u) => `<p><small>${new Date(u.createdAt).toISOString()}</small><br><strong>${escapeXml(INCIDENT_STATUS_LABELS[u.status]?.[lang] ?? u.status)}</strong> - ${escapeXml(u.body[lang])}</p>`)
      .join('');
    return `  <entry>
    <id>tag:sirb-status,2026:Incident/${i.id}</id>
    <published>${new Date(i.createdAt).toISOString()}</published>
    <updated>${new Date(i.updatedAt).toISOString()}</updated>
    <link rel="alternate" type="text/html" href="${escapeXml(`${page.url}/incidents/${i.id}?lang=${lang}`)}"/>
    <title>${escapeXml(i.name[lang])}</title>
    <content type="html">${escapeXml(html)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xml:lang="${lang}" xmlns="http://www.w3.org/2005/Atom">
  <id>tag:sirb-status,2026:/history</id>
  <link rel="alternate" type="text/html" href="${escapeXml(page.url)}"/>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${page.url}/history.atom`)}"/>
  <title>${escapeXml(lang === 'ar' ? `${page.name} - سجل الحالة` : `${page.name} Status - Incident History`)}</title>
  <updated>${updated}</updated>
${entries.join('\n')}
</feed>
`;
}
