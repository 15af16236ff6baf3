// Issue 14: the page outlives its host. `npm run status:export -- --out DIR --every N` writes the
// page (ar/en), every incident page, the Statuspage JSON files and the Atom feeds; then the service
// is stopped and its data deleted, and a plain static server (python3 -m http.server) serves a
// complete, valid page from the directory alone. The export is self-consistent: published at its
// base URL (STATUS_EXPORT_BASE_URL), its pages' links and its feeds' self, alternate and entry links
// all point into the export (valid Atom and RSS, read by a strict feed parser), never at the service
// that is gone; without a base URL they are root-relative.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import FeedParser from 'feedparser';
import { exportSite } from '../src/export/site.js';
import { FAKE_APP, STATUS_MAIN, freePort, getJson, root, spawnTs, tempDir, waitFor, type Child } from './helpers.js';

const ADMIN = 'export-admin-token';
const children: Child[] = [];
const processes: import('node:child_process').ChildProcess[] = [];
/** npm runs the exporter through a shell and tsx: its own process group, stopped as a whole. */
const killGroup = (pid: number | undefined, signal: NodeJS.Signals) => {
  try {
    if (pid) process.kill(-pid, signal);
  } catch {
    // already gone
  }
};
after(() => {
  for (const c of children) c.process.kill('SIGKILL');
  for (const p of processes) killGroup(p.pid, 'SIGKILL');
});

/** A feed read by feedparser (sax, strict XML): its self link and every link it gives. */
function parseFeed(xml: string, feedurl: string): Promise<{ self: string | undefined; links: string[] }> {
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({ feedurl, resume_saxerror: false });
    const links: string[] = [];
    parser.on('error', reject);
    parser.on('readable', () => {
      let item;
      while ((item = parser.read())) links.push(item.link);
    });
    parser.on('end', () => resolve({ self: (parser.meta as { xmlurl?: string }).xmlurl ?? undefined, links: [parser.meta.link, ...links] }));
    parser.end(xml);
  });
}

describe('static export', () => {
  it('exports everything every N seconds; served by a plain static server after the service is gone', { timeout: 120_000 }, async () => {
    const appPort = await freePort();
    children.push(await spawnTs(FAKE_APP, { PORT: String(appPort) }, /listening \d+/));
    const statusPort = await freePort();
    const dataDir = tempDir();
    const status = await spawnTs(
      STATUS_MAIN,
      { STATUS_PORT: String(statusPort), STATUS_HOST: '127.0.0.1', STATUS_DATA_DIR: dataDir, APP_URL: `http://127.0.0.1:${appPort}`, STATUS_ADMIN_TOKEN: ADMIN, PROBE_INTERVAL_S: '1', PROBE_TIMEOUT_MS: '8000', LOG_LEVEL: 'warn' },
      /status service is running at/,
    );
    children.push(status);
    const live = `http://127.0.0.1:${statusPort}`;
    await waitFor('probed components', async () => (await getJson(`${live}/api/v2/summary.json`)).body.components.every((c: { sirb: { checked_at: string | null } }) => c.sirb.checked_at), 30_000);
    const incident = await getJson(`${live}/api/v1/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ name: 'Slow search', name_ar: 'بطء البحث', body: 'Looking into it.', body_ar: 'نتحقق من ذلك.', impact: 'minor', components: ['search'] }),
    });
    assert.equal(incident.status, 201);
    const id = incident.body.id as string;

    // Without a base URL, the export's own links (feed self links too) are root-relative.
    const plain = tempDir('sirb-export-plain-');
    await exportSite({ from: live, out: plain });
    for (const lang of ['ar', 'en']) {
      const atom = fs.readFileSync(path.join(plain, lang, 'history.atom'), 'utf8');
      assert.match(atom, new RegExp(`<link rel="self" type="application/atom\\+xml" href="/${lang}/history.atom"/>`));
      assert.doesNotMatch(atom, new RegExp(`href="${live}`), 'nothing in the feed points at the live service');
    }

    // The real CLI, through npm from the repository's root, with a relative --out, published at
    // the static server's address below (its port is chosen now).
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const out = tempDir('sirb-export-');
    const relative = path.relative(path.resolve(root, '../..'), out);
    const exporter = spawn('npm', ['run', '--silent', 'status:export', '--', '--out', relative, '--every', '1', '--from', live], {
      cwd: path.resolve(root, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, STATUS_EXPORT_BASE_URL: `${base}/` },
    });
    processes.push(exporter);
    let log = '';
    exporter.stdout!.on('data', (d) => (log += d));
    exporter.stderr!.on('data', (d) => (log += d));
    // Two exports at least: it repeats by itself.
    await waitFor('two exports', async () => (log.match(/exported \d+ files/g) ?? []).length >= 2, 60_000);
    const first = JSON.parse(fs.readFileSync(path.join(out, 'export.json'), 'utf8')).exported_at;
    await waitFor('a newer export', async () => JSON.parse(fs.readFileSync(path.join(out, 'export.json'), 'utf8')).exported_at !== first, 30_000);

    // The host dies: the service stops and its data is gone; the exporter only keeps the last export.
    status.process.kill('SIGKILL');
    await status.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
    await waitFor('the exporter noticing', async () => /export failed, the last export stays in place/.test(log), 30_000);
    killGroup(exporter.pid, 'SIGTERM');

    const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', out], { stdio: 'ignore', detached: true });
    processes.push(server);
    await waitFor('the static server', async () => (await fetch(`${base}/export.json`)).ok, 20_000);

    const text = async (p: string) => {
      const res = await fetch(p.startsWith('http') ? p : `${base}${p}`);
      assert.equal(res.status, 200, `${p} is served`);
      return res.text();
    };
    const ar = await text('/');
    assert.match(ar, /<html lang="ar" dir="rtl">/);
    assert.match(ar, /id="components"/);
    assert.match(ar, /بطء البحث/);
    const en = await text('/en/index.html');
    assert.match(en, /<html lang="en" dir="ltr">/);
    assert.match(en, /Slow search/);
    assert.match(await text(`/en/incidents/${id}.html`), /Looking into it/);
    assert.match(await text(`/ar/incidents/${id}.html`), /نتحقق من ذلك/);

    // Every link of the pages to a page of their own resolves inside the export, under its base URL.
    for (const page of [ar, en]) {
      assert.doesNotMatch(page, /(href|src|action)="\/(?!\/)/, 'no root-relative links when a base URL is given');
      const own = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!).filter((h) => h.startsWith(base));
      assert.ok(own.length >= 4, 'the page links its own files');
      for (const href of own) {
        assert.doesNotMatch(href, /\?lang=/, 'links rewritten for a static host');
        await text(href);
      }
    }
    assert.match(ar, new RegExp(`href="${live}/report\\?lang=ar"`), 'the report form links to the live service');

    for (const name of ['summary', 'status', 'components', 'incidents', 'incidents/unresolved', 'scheduled-maintenances', 'scheduled-maintenances/upcoming', 'scheduled-maintenances/active']) {
      for (const prefix of ['', '/ar']) {
        const body = JSON.parse(await text(`${prefix}/api/v2/${name}.json`));
        assert.equal(typeof body.page.id, 'string', `${prefix}/api/v2/${name}.json has its page`);
      }
    }
    const summary = JSON.parse(await text('/api/v2/summary.json'));
    assert.equal(summary.components.filter((c: { group?: boolean }) => !c.group).length, 7, 'seven components besides the two groups');
    assert.equal(summary.incidents[0].id, id);
    assert.ok(['none', 'minor', 'major', 'critical', 'maintenance'].includes(summary.status.indicator));
    assert.match(JSON.parse(await text('/ar/api/v2/summary.json')).components[0].name, /[\u0600-\u06FF]/);
    assert.equal(summary.page.url, base, "the JSON's page is the export");
    assert.equal(summary.incidents[0].shortlink, `${base}/en/incidents/${id}.html`);
    for (const [feed, lang, kind] of [['/history.atom', 'ar', 'atom'], ['/en/history.atom', 'en', 'atom'], ['/ar/history.atom', 'ar', 'atom'], ['/en/history.rss', 'en', 'rss'], ['/ar/history.rss', 'ar', 'rss'], ['/history.rss', 'ar', 'rss']] as const) {
      const xml = await text(feed);
      if (kind === 'atom') assert.match(xml, /^<\?xml[\s\S]*<feed [\s\S]*<entry>[\s\S]*<\/feed>\s*$/);
      // Valid, and self-consistent: it says it is where it is published, and links only into the export.
      const parsed = await parseFeed(xml, `${base}${feed}`);
      assert.equal(parsed.self, `${base}/${lang}/history.${kind}`, `${feed}: self link`);
      assert.doesNotMatch(xml, new RegExp(`(href="|<uri>|<link>)${live}`), `${feed}: nothing points at the gone service`);
      assert.ok(parsed.links.length >= 2);
      for (const link of parsed.links) {
        assert.ok(link.startsWith(`${base}/${lang}/`), `${feed}: ${link} is in the export`);
        await text(link);
      }
      for (const [, href] of xml.matchAll(/href="([^"]+)"/g)) await text(href!);
    }
    // No temporary files left behind by the atomic writes.
    const all = fs.readdirSync(out, { recursive: true }).map(String);
    assert.deepEqual(all.filter((f) => f.endsWith('.tmp')), []);
  });

  it('says which URL it could not read, and why, when the service is not there (not just "fetch failed")', async () => {
    const port = await freePort();
    const out = tempDir('sirb-export-none-');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/export/main.ts', '--out', out, '--from', `http://127.0.0.1:${port}`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`GET http://127\\.0\\.0\\.1:${port}/\\S+ failed: ECONNREFUSED`), stderr);
    assert.deepEqual(fs.readdirSync(out), [], 'nothing written');
  });
});
