// The incident history as RSS 2.0 (/history.rss), for readers that take no Atom: the same
// entries, ids and links as the Atom feed.
import type { Lang } from '../i18n.js';
import type { Incident } from '../incidents/model.js';
import { entryId, escapeXml, feedSubtitle, feedTitle, incidentHtml, incidentUrl } from './atom.js';
import type { PageInfo } from './presenter.js';

// RFC 822 dates, as RSS 2.0 requires ("Tue, 01 Dec 2026 12:00:00 GMT").
const rfc822 = (ms: number) => new Date(ms).toUTCString();

export function rssFeed(page: PageInfo, incidents: Incident[], lang: Lang): string {
  const updated = Math.max(page.updatedAt, ...incidents.map((i) => i.updatedAt));
  const items = incidents.map(
    (i) => `    <item>
      <title>${escapeXml(i.name[lang])}</title>
      <link>${escapeXml(incidentUrl(page, i, lang))}</link>
      <guid isPermaLink="false">${escapeXml(entryId(page, i, lang))}</guid>
      <pubDate>${rfc822(i.createdAt)}</pubDate>
      <category>${i.kind}</category>
      <description>${escapeXml(incidentHtml(i, lang))}</description>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(feedTitle(page, lang))}</title>
    <link>${escapeXml(`${page.url}/?lang=${lang}`)}</link>
    <description>${escapeXml(feedSubtitle(lang))}</description>
    <language>${lang}</language>
    <lastBuildDate>${rfc822(updated)}</lastBuildDate>
    <generator>Sirb status</generator>
    <atom:link rel="self" type="application/rss+xml" href="${escapeXml(`${page.url}/history.rss?lang=${lang}`)}"/>
${items.join('\n')}
  </channel>
</rss>
`;
}
