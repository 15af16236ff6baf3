// The status page's "Probe locations" card: where the app is checked from, whether each place
// reaches it, and the latest result and latency per check. A location that cannot reach the app
// while the others can is marked as its own problem, not the app's.
import { COMPONENTS } from '../components/catalog.js';
import { STATUS_LABELS, formatTime, type Lang } from '../i18n.js';
import { html, type Raw } from '../web/html.js';
import type { LocationCondition, LocationView } from './service.js';

const T = {
  title: { ar: 'مواقع الفحص', en: 'Probe locations' },
  intro: {
    ar: 'نفحص سرب من عدة أماكن؛ لا نعلن انقطاعًا إلا إذا اتفقت عليه أغلبيتها.',
    en: 'Sirb is checked from several places; an outage is declared only when most of them agree.',
  },
  location: { ar: 'الموقع', en: 'Location' },
  state: { ar: 'الحالة', en: 'State' },
  local: { ar: 'خادم صفحة الحالة', en: 'status host' },
  ms: { ar: (n: number) => `${new Intl.NumberFormat('ar-EG').format(n)} ملّي ثانية`, en: (n: number) => `${n} ms` },
  failed: { ar: 'فشل', en: 'failed' },
};

const CONDITION: Record<LocationCondition, { ar: string; en: string }> = {
  ok: { ar: 'يصل إلى سرب', en: 'Reaches Sirb' },
  cut_off: { ar: 'لا يصل إلى سرب (مشكلة في شبكة هذا الموقع، لا في سرب)', en: 'Cannot reach Sirb (a problem of this location’s network, not of Sirb)' },
  stale: { ar: 'لا تصل نتائجه', en: 'Not reporting' },
  no_data: { ar: 'لا بيانات', en: 'No data' },
};

export function renderLocations(locations: LocationView[], lang: Lang): Raw {
  // One location alone is the page's ordinary prober: nothing to compare, no card.
  if (locations.length < 2) return html``;
  const rows = locations.map((l) => {
    const checks = l.components.map((c) => {
      const name = COMPONENTS.find((x) => x.id === c.id)?.name[lang] ?? c.id;
      const result = c.ok ? T.ms[lang](c.latency_ms) : T.failed[lang];
      return html`<span class="status-${c.status}" data-check="${c.id}" title="${c.error ?? STATUS_LABELS[c.status][lang]}">${name}: ${result}</span> `;
    });
    const seen = l.last_seen ? html` <span class="muted"><time datetime="${l.last_seen}">${formatTime(Date.parse(l.last_seen), lang)}</time></span>` : '';
    return html`<tr data-location="${l.id}" data-state="${l.state}"><td><strong>${l.name || T.local[lang]}</strong>${l.kind === 'local' && l.name ? html` <span class="muted">(${T.local[lang]})</span>` : ''}</td><td class="state-${l.state}">${CONDITION[l.state][lang]}${seen}</td><td>${checks}</td></tr>`;
  });
  return html`<section class="card" id="locations"><h2>${T.title[lang]}</h2><p class="muted">${T.intro[lang]}</p>
<table><thead><tr><th>${T.location[lang]}</th><th>${T.state[lang]}</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>`;
}
