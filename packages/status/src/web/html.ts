// The HTML shell shared by the status and report pages: self-contained (no CDN, no web fonts), so
// the page renders the same when everything else is down. Layout uses logical CSS properties so
// one stylesheet serves right-to-left Arabic and left-to-right English.
import type { Lang } from '../i18n.js';

export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Tagged template whose interpolations are escaped unless wrapped in raw(). */
export class Raw {
  constructor(readonly html: string) {}
}
export const raw = (html: string) => new Raw(html);
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Raw(out);
}
function render(v: unknown): string {
  if (v instanceof Raw) return v.html;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return esc(String(v));
}

const CSS = `
:root{color-scheme:light dark;--bg:#f7f7f5;--card:#fff;--text:#1c1c1c;--muted:#595e63;--line:#e3e3e0;--ok:#137333;--minor:#8a5d00;--partial:#b3460a;--major:#c5221f;--none:#c9ccd1;--accent:#0b57d0;--on-status:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#121212;--card:#1d1d1f;--text:#eee;--muted:#a8a8a8;--line:#333;--ok:#81c995;--minor:#fdd663;--partial:#fcad70;--major:#f28b82;--none:#444;--accent:#8ab4f8;--on-status:#121212}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--text);font:16px/1.6 system-ui,-apple-system,"Segoe UI",Tahoma,"Noto Sans Arabic","Noto Naskh Arabic",Arial,sans-serif;overflow-wrap:anywhere}
main{max-width:60rem;margin-inline:auto;padding:1rem}
header.top{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between;padding-block:1rem}
header.top h1{margin:0;font-size:1.5rem}
a{color:var(--accent)}nav{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
.card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem 1.25rem;margin-block:1rem}
.banner{font-size:1.25rem;font-weight:600;color:var(--on-status);border:0}
.banner.none{background:var(--ok)}.banner.minor{background:var(--minor)}.banner.major{background:var(--partial)}.banner.critical{background:var(--major)}.banner.maintenance{background:var(--accent)}
.component{padding-block:.75rem;border-block-end:1px solid var(--line)}.component:last-child{border:0}
.component .row{display:flex;justify-content:space-between;gap:1rem}
details.group{border-block-end:1px solid var(--line)}details.group:last-child{border:0}details.group>summary{cursor:pointer;padding-block:.75rem;font-size:1.05rem}.group-status{float:inline-end;font-size:1rem}.group .component{padding-inline-start:1rem}
.status-operational{color:var(--ok)}.status-degraded_performance{color:var(--minor)}.status-partial_outage{color:var(--partial)}.status-major_outage{color:var(--major)}.status-no_data{color:var(--muted)}.status-under_maintenance{color:var(--accent)}
.muted{color:var(--muted);font-size:.875rem}
svg.bars{display:block;width:100%;height:2.25rem;margin-block:.35rem}
.legend{display:flex;justify-content:space-between}
.incident h3{margin:.25rem 0}.incident .update{margin-block:.5rem;padding-inline-start:.75rem;border-inline-start:3px solid var(--line)}
.impact-critical,.impact-major{border-inline-start:4px solid var(--major)}.impact-minor{border-inline-start:4px solid var(--minor)}.impact-maintenance{border-inline-start:4px solid var(--accent)}
table{width:100%;border-collapse:collapse}td,th{padding:.25rem .5rem;text-align:start}td.n{text-align:end;font-variant-numeric:tabular-nums;width:4rem}
.meter{background:var(--line);border-radius:.25rem;height:.6rem}.meter span{display:block;height:100%;background:var(--accent);border-radius:.25rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}
form fieldset{border:0;padding:0;margin:0}label.choice{display:flex;gap:.5rem;align-items:center;padding:.5rem;border:1px solid var(--line);border-radius:.5rem;margin-block:.4rem;cursor:pointer}
button,a.button{font:inherit;font-weight:600;display:inline-block;min-block-size:2.75rem;padding:.6rem 1.4rem;border:0;border-radius:.5rem;background:var(--accent);color:var(--on-status);cursor:pointer;text-decoration:none}
svg.days rect{cursor:pointer}svg.days rect.selected{stroke:var(--text);stroke-width:2}svg.days:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.day-detail{margin:.25rem 0;font-size:.875rem}.meta{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem}
select,textarea,input:not([type]),input[type=email],input[type=password],input[type=datetime-local]{font:inherit;padding:.4rem;color:var(--text);background:var(--card);border:1px solid var(--muted);border-radius:.4rem;max-inline-size:100%}textarea,input:not([type]){inline-size:100%}
.notice{padding:.75rem 1rem;border-radius:.5rem}.notice.ok{background:color-mix(in srgb,var(--ok) 15%,transparent)}.notice.err{background:color-mix(in srgb,var(--major) 15%,transparent)}
footer{padding-block:2rem;color:var(--muted);font-size:.875rem}
`;

export interface LayoutOptions {
  lang: Lang;
  title: string;
  body: Raw;
  /** The same page in the other language. */
  otherLangHref: string;
  /** Refresh the page's content this often: in place with the page script, else by reloading. */
  refreshMs?: number;
  /** Same-origin scripts to load (deferred); the page must work without them where it can. */
  scripts?: string[];
}

export function layout(o: LayoutOptions): string {
  const dir = o.lang === 'ar' ? 'rtl' : 'ltr';
  const other = o.lang === 'ar' ? 'English' : 'العربية';
  const otherLang = o.lang === 'ar' ? 'en' : 'ar';
  return `<!doctype html>
<html lang="${o.lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${o.refreshMs ? `<meta name="sirb-refresh-ms" content="${Math.round(o.refreshMs)}"><noscript><meta http-equiv="refresh" content="${Math.max(1, Math.round(o.refreshMs / 1000))}"></noscript>` : ''}
${(o.scripts ?? []).map((src) => `<script src="${esc(src)}" defer></script>`).join('')}
<title>${esc(o.title)}</title>
<link rel="alternate" type="application/atom+xml" href="/history.atom?lang=${o.lang}">
<link rel="alternate" type="application/rss+xml" href="/history.rss?lang=${o.lang}">
<style>${CSS}</style>
</head>
<body>
<main>
${o.body.html}
<p class="lang-switch"><a href="${esc(o.otherLangHref)}" hreflang="${otherLang}" lang="${otherLang}" id="lang-switch">${other}</a></p>
</main>
</body>
</html>`;
}

export function withLang(path: string, lang: Lang): string {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}
