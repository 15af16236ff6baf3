// The status page: overall banner, open incidents, components with 90-day uptime bars, problem
// reports over the last 24 h (5-minute buckets, by problem and by region), and past incidents.
import { COMPONENTS, type ComponentId } from '../components/catalog.js';
import type { ComponentRow, DailyUptime } from '../components/store.js';
import { isProblem } from '../detector/problems.js';
import { INCIDENT_STATUS_LABELS, PROBLEM_LABELS, STATUS_LABELS, formatTime, regionName, type Lang } from '../i18n.js';
import type { Incident } from '../incidents/model.js';
import type { ReportStats } from '../reports/store.js';
import type { Indicator } from '../statuspage/presenter.js';
import { reportBars, uptimeBars } from './charts.js';
import { html, layout, raw, withLang, type Raw } from './html.js';
import { renderLocations } from '../locations/section.js';
import type { LocationView } from '../locations/service.js';

export interface StatusPageData {
  lang: Lang;
  pageName: string;
  appUrl: string;
  overall: { indicator: Indicator; description: string };
  components: ComponentRow[];
  uptime: Map<ComponentId, DailyUptime[]>;
  open: Incident[];
  past: Incident[];
  reports: ReportStats;
  now: number;
  /** Per-location probe results (shown when there is more than one location). */
  locations?: LocationView[];
}

const T = {
  title: { ar: (n: string) => `حالة ${n === 'Sirb' ? 'سرب' : n}`, en: (n: string) => `${n} Status` },
  report: { ar: 'أبلغ عن مشكلة', en: 'Report a problem' },
  openApp: { ar: 'إلى سرب', en: 'Go to Sirb' },
  components: { ar: 'المكونات', en: 'Components' },
  ago90: { ar: 'قبل 90 يومًا', en: '90 days ago' },
  today: { ar: 'اليوم', en: 'Today' },
  uptime: { ar: 'نسبة التوفر', en: 'uptime' },
  active: { ar: 'حوادث جارية', en: 'Active incidents' },
  past: { ar: 'الحوادث السابقة', en: 'Past incidents' },
  noPast: { ar: 'لا حوادث خلال آخر 14 يومًا.', en: 'No incidents in the last 14 days.' },
  reports: { ar: 'بلاغات المستخدمين خلال 24 ساعة', en: 'User reports, last 24 hours' },
  total: { ar: (n: number) => `${n} بلاغ`, en: (n: number) => `${n} report${n === 1 ? '' : 's'}` },
  byProblem: { ar: 'حسب المشكلة', en: 'By problem' },
  byRegion: { ar: 'حسب المنطقة', en: 'By region' },
  none: { ar: 'لا بلاغات.', en: 'No reports.' },
  h24: { ar: 'قبل 24 ساعة', en: '24 h ago' },
  now: { ar: 'الآن', en: 'Now' },
  feed: { ar: 'خلاصة Atom', en: 'Atom feed' },
  api: { ar: 'واجهة JSON', en: 'JSON API' },
  updated: { ar: 'آخر تحديث', en: 'Updated' },
  maintenance: { ar: 'صيانة مجدولة', en: 'Scheduled maintenance' },
  noData: { ar: 'لا بيانات', en: 'No data' },
};

function incidentCard(i: Incident, lang: Lang): Raw {
  const label = (s: string) => INCIDENT_STATUS_LABELS[s]?.[lang] ?? s;
  const when = i.kind === 'maintenance' && i.scheduledFor ? html`<p class="muted">${T.maintenance[lang]}: ${formatTime(i.scheduledFor, lang)}${i.scheduledUntil ? ` → ${formatTime(i.scheduledUntil, lang)}` : ''}</p>` : '';
  return html`<article class="card incident impact-${i.impact}" id="incident-${i.id}">
<h3><a href="${withLang(`/incidents/${i.id}`, lang)}">${i.name[lang]}</a></h3>${when}
${i.updates.map((u) => html`<div class="update"><strong>${label(u.status)}</strong> — ${u.body[lang]}<div class="muted"><time datetime="${new Date(u.createdAt).toISOString()}">${formatTime(u.createdAt, lang)}</time></div></div>`)}
</article>`;
}

function breakdown(rows: { key: string; count: number }[], name: (k: string) => string, lang: Lang): Raw {
  if (rows.length === 0) return html`<p class="muted">${T.none[lang]}</p>`;
  const max = Math.max(...rows.map((r) => r.count));
  return html`<table>${rows.slice(0, 12).map(
    (r) => html`<tr><td>${name(r.key)}</td><td style="width:45%"><div class="meter"><span style="inline-size:${((r.count / max) * 100).toFixed(1)}%"></span></div></td><td class="n">${r.count}</td></tr>`,
  )}</table>`;
}

export function renderStatusPage(d: StatusPageData): string {
  const { lang } = d;
  const title = T.title[lang](d.pageName);
  const componentRows = d.components.map((c) => {
    const info = COMPONENTS.find((x) => x.id === c.id)!;
    const days = d.uptime.get(c.id) ?? [];
    const probed = days.filter((x) => x.probes > 0);
    const probes = probed.reduce((s, x) => s + x.probes, 0);
    const failures = probed.reduce((s, x) => s + x.failures, 0);
    const pct = probes ? new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format((probes - failures) / probes) : '—';
    const shown = c.checkedAt === null ? 'no_data' : c.status;
    const label = c.checkedAt === null ? T.noData[lang] : STATUS_LABELS[c.status][lang];
    return html`<div class="component" data-component="${c.id}" data-status="${shown}">
<div class="row"><strong title="${info.description[lang]}">${info.name[lang]}</strong><span class="status-${shown}">${label}</span></div>
${raw(uptimeBars(days, lang))}
<div class="legend muted"><span>${T.ago90[lang]}</span><span>${pct} ${T.uptime[lang]}</span><span>${T.today[lang]}</span></div>
</div>`;
  });
  const problemName = (k: string) => (isProblem(k) ? PROBLEM_LABELS[k][lang] : k);
  const body = html`<header class="top"><h1>${title}</h1><nav><a href="${withLang('/report', lang)}">${T.report[lang]}</a><a href="${d.appUrl}">${T.openApp[lang]}</a></nav></header>
<section class="card banner ${d.overall.indicator}" id="overall" data-indicator="${d.overall.indicator}">${d.overall.description}</section>
${d.open.length ? html`<section id="active"><h2>${T.active[lang]}</h2>${d.open.map((i) => incidentCard(i, lang))}</section>` : ''}
<section class="card" id="components"><h2>${T.components[lang]}</h2>${componentRows}</section>
${renderLocations(d.locations ?? [], lang)}
<section class="card" id="reports"><h2>${T.reports[lang]}</h2><p class="muted">${T.total[lang](d.reports.total)}</p>
${raw(reportBars(d.reports.buckets, lang))}
<div class="legend muted"><span>${T.h24[lang]}</span><span>${T.now[lang]}</span></div>
<div class="grid"><div><h3>${T.byProblem[lang]}</h3>${breakdown(d.reports.byProblem, problemName, lang)}</div>
<div><h3>${T.byRegion[lang]}</h3>${breakdown(d.reports.byRegion, (k) => regionName(k, lang), lang)}</div></div></section>
<section id="past"><h2>${T.past[lang]}</h2>${d.past.length ? d.past.map((i) => incidentCard(i, lang)) : html`<p class="muted">${T.noPast[lang]}</p>`}</section>
<footer>${T.updated[lang]}: ${formatTime(d.now, lang)} · <a href="/history.atom?lang=${lang}">${T.feed[lang]}</a> · <a href="/api/v2/summary.json${lang === 'ar' ? '?lang=ar' : ''}">${T.api[lang]}</a></footer>`;
  return layout({ lang, title, body, otherLangHref: withLang('/', lang === 'ar' ? 'en' : 'ar'), refreshSeconds: 60 });
}

export function renderIncidentPage(i: Incident, lang: Lang, pageName: string): string {
  const body = html`<header class="top"><h1><a href="${withLang('/', lang)}">${T.title[lang](pageName)}</a></h1></header>${incidentCard(i, lang)}`;
  return layout({ lang, title: i.name[lang], body, otherLangHref: withLang(`/incidents/${i.id}`, lang === 'ar' ? 'en' : 'ar') });
}
