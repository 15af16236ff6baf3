// Writes the whole status page as static files, fetched from a running status service: the page
// and every incident in Arabic and English, the Statuspage v2 JSON files and the Atom feeds. Put
// the directory on any static host or CDN and the page outlives the machine the service runs on.
//
// Layout (links inside the pages are rewritten to it; a static host ignores ?lang=):
//   index.html (Arabic, as the live page defaults), ar/index.html, en/index.html,
//   {ar,en}/incidents/<id>.html, history.atom and history.rss (Arabic), {ar,en}/history.{atom,rss},
//   api/v2/*.json (English, as the live API defaults), ar/api/v2/*.json, export.json.
// The export is self-consistent: its pages, feeds (self links, alternates, entry links) and the
// JSON's page URL point into the export itself, under `baseUrl` (where the directory is published,
// STATUS_EXPORT_BASE_URL) or, when that is not given, root-relative. Only what a static copy
// cannot serve (the report form) points at the live service.
import fs from 'node:fs';
import path from 'node:path';
import { parseLang } from '../i18n.js';

const LANGS = ['ar', 'en'] as const;
type Lang = (typeof LANGS)[number];

export const STATUSPAGE_JSON = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
];

export interface ExportOptions {
  /** The running status service to read from. */
  from: string;
  out: string;
  /** Where links the static copy cannot serve (the report form…) point: the live service. */
  liveUrl?: string;
  /** The export's own public URL (where the directory is served); unset: links are root-relative. */
  baseUrl?: string;
  timeoutMs?: number;
  now?: () => number;
}

async function get(url: string, timeoutMs: number): Promise<string> {
  // fetch says only "fetch failed": say what could not be read, and why (its cause's code).
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': 'SirbStatusExport/1.0' } }).catch((error: Error & { cause?: { code?: string; message?: string } }) => {
    throw new Error(`GET ${url} failed: ${error.cause?.code ?? error.cause?.message ?? error.message}`);
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return text;
}

/** Where a live-service path (with its ?lang=) lives in the export; undefined when it is not exported. */
export function staticPath(livePath: string, pageLang: Lang): string | undefined {
  const url = new URL(livePath, 'http://export.invalid');
  const asked = parseLang(url.searchParams.get('lang') ?? undefined);
  const lang: Lang = asked ?? pageLang;
  const p = url.pathname;
  if (p === '/' || p === '/index.html') return `/${lang}/index.html`;
  const incident = /^\/incidents\/([A-Za-z0-9_-]{1,64})$/.exec(p);
  if (incident) return `/${lang}/incidents/${incident[1]}.html`;
  if (p === '/history.atom') return `/${lang}/history.atom`;
  if (p === '/history.rss') return `/${lang}/history.rss`;
  const api = /^\/api\/v2\/(.+\.json)$/.exec(p);
  if (api && STATUSPAGE_JSON.includes(api[1]!)) return asked === 'ar' ? `/ar/api/v2/${api[1]}` : `/api/v2/${api[1]}`;
  return undefined;
}

/** Rewrites the page's own links to the export's files (under `baseUrl`), and the rest to the live service. */
export function rewriteLinks(html: string, pageLang: Lang, liveUrl: string, baseUrl = ''): string {
  return html.replace(/\b(href|src|action)="(\/(?!\/)[^"]*)"/g, (_all, attr: string, value: string) => {
    const decoded = value.replace(/&amp;/g, '&');
    const local = staticPath(decoded, pageLang);
    return `${attr}="${local ? `${baseUrl}${local}` : `${liveUrl}${value}`}"`;
  });
}

/**
 * Rewrites an Atom or RSS feed's links to the live page (self, alternates, entries, author) to the
 * export's files under `baseUrl`. The live page's URL is read from the feed's own self link, so it
 * is whatever public URL the service was given. Ids (tag: URIs) name things, not places: kept.
 */
export function rewriteFeed(xml: string, feedLang: Lang, baseUrl = ''): string {
  const self = /<(?:atom:)?link rel="self"[^>]* href="([^"]+)\/history\.(?:atom|rss)[^"]*"/.exec(xml);
  if (!self) throw new Error('the feed has no self link to tell the live page by');
  const live = self[1]!;
  const prefix = live.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const link = new RegExp(`(href="|<uri>|<link>)${prefix}([^"<]*)`, 'g');
  return xml.replace(link, (all, before: string, rest: string) => {
    const local = staticPath(rest.replace(/&amp;/g, '&') || '/', feedLang);
    return local ? `${before}${baseUrl}${local}` : all;
  });
}

/** The Statuspage JSON as exported: its page's URL (and incidents' shortlinks) are the export's. */
function rewriteJson(text: string, jsonLang: Lang, baseUrl: string): string {
  if (!baseUrl) return text;
  const body = JSON.parse(text) as { page?: { url?: string }; incidents?: { id: string; shortlink?: string }[]; scheduled_maintenances?: { id: string; shortlink?: string }[] };
  if (body.page) body.page.url = baseUrl;
  for (const i of [...(body.incidents ?? []), ...(body.scheduled_maintenances ?? [])]) {
    if (i.shortlink !== undefined) i.shortlink = `${baseUrl}/${jsonLang}/incidents/${i.id}.html`;
  }
  return JSON.stringify(body);
}

/** One export: everything is fetched first, then written; a failed fetch leaves the last export alone. */
export async function exportSite(options: ExportOptions): Promise<{ files: string[]; exportedAt: number }> {
  const from = options.from.replace(/\/+$/, '');
  const liveUrl = (options.liveUrl ?? from).replace(/\/+$/, '');
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const files = new Map<string, string>();
  const fetchInto = async (live: string, file: string, transform: (text: string) => string = (t) => t) => {
    files.set(file, transform(await get(`${from}${live}`, timeoutMs)));
  };

  const jobs: Promise<void>[] = [];
  for (const name of STATUSPAGE_JSON) {
    jobs.push(fetchInto(`/api/v2/${name}`, `api/v2/${name}`, (t) => rewriteJson(t, 'en', baseUrl)));
    jobs.push(fetchInto(`/api/v2/${name}?lang=ar`, `ar/api/v2/${name}`, (t) => rewriteJson(t, 'ar', baseUrl)));
  }
  for (const lang of LANGS) {
    jobs.push(fetchInto(`/?lang=${lang}`, `${lang}/index.html`, (t) => rewriteLinks(t, lang, liveUrl, baseUrl)));
    jobs.push(fetchInto(`/history.atom?lang=${lang}`, `${lang}/history.atom`, (t) => rewriteFeed(t, lang, baseUrl)));
    jobs.push(fetchInto(`/history.rss?lang=${lang}`, `${lang}/history.rss`, (t) => rewriteFeed(t, lang, baseUrl)));
  }
  await Promise.all(jobs);
  // Every incident and maintenance the JSON lists gets its own page in both languages.
  const ids = new Set<string>();
  for (const file of ['api/v2/incidents.json', 'api/v2/scheduled-maintenances.json', 'api/v2/summary.json']) {
    const parsed = JSON.parse(files.get(file)!) as { incidents?: { id: string }[]; scheduled_maintenances?: { id: string }[] };
    for (const i of [...(parsed.incidents ?? []), ...(parsed.scheduled_maintenances ?? [])]) if (/^[A-Za-z0-9_-]{1,64}$/.test(i.id)) ids.add(i.id);
  }
  await Promise.all(
    [...ids].flatMap((id) => LANGS.map((lang) => fetchInto(`/incidents/${id}?lang=${lang}`, `${lang}/incidents/${id}.html`, (t) => rewriteLinks(t, lang, liveUrl, baseUrl)))),
  );
  files.set('index.html', files.get('ar/index.html')!);
  files.set('history.atom', files.get('ar/history.atom')!);
  files.set('history.rss', files.get('ar/history.rss')!);
  const exportedAt = (options.now ?? Date.now)();
  files.set('export.json', JSON.stringify({ exported_at: new Date(exportedAt).toISOString(), from, base_url: baseUrl || null, files: files.size + 1 }, null, 2) + '\n');

  // Each file is written beside its place and renamed over it, so a static server never serves half a file.
  for (const [file, content] of files) {
    const target = path.join(options.out, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, target);
  }
  return { files: [...files.keys()], exportedAt };
}
