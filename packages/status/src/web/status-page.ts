// The status page: overall banner, open incidents, components with 90-day uptime bars, problem
// reports over the last 24 h (5-minute buckets, by problem and by region), and past incidents.
import { COMPONENTS, type ComponentId } from '../components/catalog.js';
import { COMPONENT_GROUPS, groupStatus } from '../components/groups.js';
import type { ComponentRow, DailyUptime } from '../components/store.js';
import { isProblem } from '../detector/problems.js';
import { INCIDENT_STATUS_LABELS, LOCALES, PROBLEM_LABELS, STATUS_LABELS, formatDuration, formatTime, list, regionName, type Lang } from '../i18n.js';
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
  refreshMs: number;
  /** Offer email subscriptions (an SMTP server is configured). */
  emailSubscriptions?: boolean;
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
  affected: { ar: 'المكونات المتأثرة', en: 'Affected components' },
  allComponents: { ar: 'كل المكونات', en: 'All components' },
  lasted: { ar: 'المدة', en: 'Duration' },
  ongoing: { ar: 'مستمرة منذ', en: 'Ongoing for' },
  started: { ar: 'البداية', en: 'Started' },
  postmortem: { ar: 'تحليل ما بعد الحادث', en: 'Postmortem' },
  published: { ar: 'نُشر', en: 'Published' },
  subscribe: { ar: 'تلقَّ التحديثات بالبريد', en: 'Get updates by email' },
  email: { ar: 'بريدك الإلكتروني', en: 'Your email address' },
  subscribeButton: { ar: 'اشترك', en: 'Subscribe' },
};

function subscribeForm(lang: Lang): Raw {
  return html`<section class="card" id="subscribe"><h2>${T.subscribe[lang]}</h2><form method="post" action="${withLang('/subscribe', lang)}" class="subscribe"><label for="subscribe-email">${T.email[lang]}</label> <input id="subscribe-email" type="email" name="email" required maxlength="254" autocomplete="email" dir="ltr"> <button type="submit">${T.subscribeButton[lang]}</button></form></section>`;
}

/** The postmortem under an incident: paragraphs as written (blank lines between them). */
function postmortemSection(i: Incident, lang: Lang): Raw {
  if (!i.postmortem) return html``;
  const paragraphs = i.postmortem.body[lang].split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return html`<section class="card postmortem" id="postmortem"><h2>${T.postmortem[lang]}</h2>${paragraphs.map((p) => html`<p dir="auto">${p}</p>`)}<p class="muted">${T.published[lang]}: ${timeTag(i.postmortem.publishedAt, lang)}</p></section>`;
}

const PAGE_SCRIPT = '/assets/status-page.js';

/** A server-rendered UTC time that the page script turns into the reader's local time and "x ago". */
function timeTag(ms: number, lang: Lang): Raw {
  return html`<time datetime="${new Date(ms).toISOString()}">${formatTime(ms, lang)}</time>`;
}

/** Which components an incident touches and how long it lasted (or has lasted so far). */
function incidentMeta(i: Incident, lang: Lang, now: number): Raw {
  const names = i.components.map((id) => COMPONENTS.find((c) => c.id === id)?.name[lang] ?? id);
  const affected = names.length ? list(names, lang) : i.kind === 'maintenance' ? T.allComponents[lang] : '';
  if (i.kind === 'maintenance' && i.status === 'scheduled') {
    return affected ? html`<p class="muted meta"><span data-meta="components">${T.affected[lang]}: ${affected}</span></p>` : html``;
  }
  const end = i.resolvedAt ?? now;
  const duration = formatDuration(end - i.startedAt, lang);
  return html`<p class="muted meta">${affected ? html`<span data-meta="components">${T.affected[lang]}: ${affected}</span>` : ''}<span>${T.started[lang]}: ${timeTag(i.startedAt, lang)}</span><span data-meta="duration">${i.resolvedAt === null ? `${T.ongoing[lang]} ${duration}` : `${T.lasted[lang]}: ${duration}`}</span></p>`;
}

// What admins write is isolated (<bdi>, dir="auto"): an English-only title on the Arabic page (its
// Arabic falls back to the English) would otherwise be reordered by the RTL paragraph ("!…Login").
function incidentCard(i: Incident, lang: Lang, now: number): Raw {
  const label = (s: string) => INCIDENT_STATUS_LABELS[s]?.[lang] ?? s;
  const when = i.kind === 'maintenance' && i.scheduledFor ? html`<p class="muted">${T.maintenance[lang]}: ${timeTag(i.scheduledFor, lang)}${i.scheduledUntil ? html` → ${timeTag(i.scheduledUntil, lang)}` : ''}</p>` : '';
  return html`<article class="card incident impact-${i.impact}" id="incident-${i.id}">
<h3><a href="${withLang(`/incidents/${i.id}`, lang)}"><bdi>${i.name[lang]}</bdi></a></h3>${when}${incidentMeta(i, lang, now)}
${i.updates.map((u) => html`<div class="update"><strong>${label(u.status)}</strong> — <bdi>${u.body[lang]}</bdi><div class="muted">${timeTag(u.createdAt, lang)}</div></div>`)}
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
  const componentRow = (c: ComponentRow) => {
    const info = COMPONENTS.find((x) => x.id === c.id)!;
    const days = d.uptime.get(c.id) ?? [];
    const probed = days.filter((x) => x.probes > 0);
    const probes = probed.reduce((s, x) => s + x.probes, 0);
    const failures = probed.reduce((s, x) => s + x.failures, 0);
    const pct = probes ? new Intl.NumberFormat(LOCALES[lang], { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format((probes - failures) / probes) : '—';
    const shown = c.checkedAt === null ? 'no_data' : c.status;
    const label = c.checkedAt === null ? T.noData[lang] : STATUS_LABELS[c.status][lang];
    return html`<div class="component" data-component="${c.id}" data-status="${shown}">
<div class="row"><strong title="${info.description[lang]}">${info.name[lang]}</strong><span class="status-${shown}">${label}</span></div>
${raw(uptimeBars(days, lang))}
<div class="legend muted"><span>${T.ago90[lang]}</span><span>${pct} ${T.uptime[lang]}</span><span>${T.today[lang]}</span></div>
</div>`;
  };
  const rows = new Map(d.components.map((c) => [c.id, c]));
  const grouped = new Set(COMPONENT_GROUPS.flatMap((g) => g.components));
  // Groups open by default (everything visible at a glance); a reader can fold one away.
  const componentRows = [
    ...COMPONENT_GROUPS.map((g) => {
      const status = groupStatus(g, d.components);
      const shown = status ?? 'no_data';
      return html`<details class="group" open data-group="${g.id}" data-status="${shown}"><summary><strong>${g.name[lang]}</strong><span class="group-status status-${shown}">${status ? STATUS_LABELS[status][lang] : T.noData[lang]}</span></summary>
${g.components.map((id) => rows.get(id)).filter((c): c is ComponentRow => c !== undefined).map(componentRow)}
</details>`;
    }),
    ...d.components.filter((c) => !grouped.has(c.id)).map(componentRow),
  ];
  const problemName = (k: string) => (isProblem(k) ? PROBLEM_LABELS[k][lang] : k);
  const body = html`<header class="top"><h1>${title}</h1><nav><a class="button" id="report-button" href="${withLang('/report', lang)}">${T.report[lang]}</a><a href="${d.appUrl}">${T.openApp[lang]}</a></nav></header>
<section class="card banner ${d.overall.indicator}" id="overall" data-indicator="${d.overall.indicator}">${d.overall.description}</section>
${d.open.length ? html`<section id="active"><h2>${T.active[lang]}</h2>${d.open.map((i) => incidentCard(i, lang, d.now))}</section>` : ''}
<section class="card" id="components"><h2>${T.components[lang]}</h2>${componentRows}</section>
${renderLocations(d.locations ?? [], lang)}
<section class="card" id="reports"><h2>${T.reports[lang]}</h2><p class="muted">${T.total[lang](d.reports.total)}</p>
${raw(reportBars(d.reports.buckets, lang))}
<div class="legend muted"><span>${T.h24[lang]}</span><span>${T.now[lang]}</span></div>
<div class="grid"><div><h3>${T.byProblem[lang]}</h3>${breakdown(d.reports.byProblem, problemName, lang)}</div>
<div><h3>${T.byRegion[lang]}</h3>${breakdown(d.reports.byRegion, (k) => regionName(k, lang), lang)}</div></div></section>
<section id="past"><h2>${T.past[lang]}</h2>${d.past.length ? d.past.map((i) => incidentCard(i, lang, d.now)) : html`<p class="muted">${T.noPast[lang]}</p>`}</section>
${d.emailSubscriptions ? subscribeForm(lang) : ''}
<footer>${T.updated[lang]}: ${timeTag(d.now, lang)} · <a href="/history.atom?lang=${lang}">${T.feed[lang]}</a> · <a href="/history.rss?lang=${lang}">RSS</a> · <a href="/api/v2/summary.json${lang === 'ar' ? '?lang=ar' : ''}">${T.api[lang]}</a></footer>`;
  return layout({ lang, title, body, otherLangHref: withLang('/', lang === 'ar' ? 'en' : 'ar'), refreshMs: d.refreshMs, scripts: [PAGE_SCRIPT] });
}

export function renderIncidentPage(i: Incident, lang: Lang, pageName: string, now: number, refreshMs: number): string {
  const body = html`<header class="top"><h1><a href="${withLang('/', lang)}">${T.title[lang](pageName)}</a></h1><nav><a class="button" id="report-button" href="${withLang('/report', lang)}">${T.report[lang]}</a></nav></header>${incidentCard(i, lang, now)}${postmortemSection(i, lang)}`;
  // A closed incident no longer changes by itself: no refresh.
  return layout({ lang, title: i.name[lang], body, otherLangHref: withLang(`/incidents/${i.id}`, lang === 'ar' ? 'en' : 'ar'), refreshMs: i.resolvedAt === null ? refreshMs : undefined, scripts: [PAGE_SCRIPT] });
}
