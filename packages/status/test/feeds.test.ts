// The Atom and RSS 2.0 feeds, read by a real feed parser (feedparser, sax-based, strict XML):
// an author, per-language feed ids and self links, and ids under this installation's own tag:
// authority (the status page's host and the day the installation was created).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import FeedParser from 'feedparser';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import type { Incident } from '../src/incidents/model.js';
import { tempDir } from './helpers.js';

const PUBLIC = 'https://status.example.org';
let svc: RunningStatusService;
let incidents: Incident[];
let tag: string;

interface ParsedFeed {
  meta: FeedParser.Meta & Record<string, any>;
  items: (FeedParser.Item & Record<string, any>)[];
}

function parseFeed(xml: string): Promise<ParsedFeed> {
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({ feedurl: PUBLIC, resume_saxerror: false });
    const items: ParsedFeed['items'] = [];
    parser.on('error', reject);
    parser.on('readable', () => {
      let item;
      while ((item = parser.read())) items.push(item);
    });
    parser.on('end', () => resolve({ meta: parser.meta as ParsedFeed['meta'], items }));
    parser.end(xml);
  });
}

async function fetchFeed(path: string, type: RegExp): Promise<ParsedFeed> {
  const res = await fetch(`${svc.url}${path}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', type);
  return parseFeed(await res.text());
}

before(async () => {
  svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', publicUrl: PUBLIC, logLevel: 'silent', background: false });
  tag = `tag:status.example.org,${new Date(svc.ctx.page.createdAt).toISOString().slice(0, 10)}:`;
  const create = svc.ctx.incidents.create.bind(svc.ctx.incidents);
  incidents = [
    await create({ kind: 'manual', name: { en: 'Sign-in fails & loops "again"', ar: 'تسجيل الدخول يتعطل & يتكرر "مجددًا"' }, status: 'investigating', impact: 'major', components: ['sign_in'], body: { en: 'We are looking into it.', ar: 'نتحقق من الأمر.' } }),
    await create({ kind: 'maintenance', name: { en: 'Database upgrade', ar: 'ترقية قاعدة البيانات' }, status: 'scheduled', impact: 'maintenance', scheduledFor: Date.now() + 3_600_000, scheduledUntil: Date.now() + 7_200_000, body: { en: 'Planned.', ar: 'مجدولة.' } }),
  ];
});
after(async () => {
  await svc?.stop();
});

describe('feeds', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`Atom (${lang}): author, per-language id and self link, installation tag ids`, async () => {
      const { meta, items } = await fetchFeed(`/history.atom?lang=${lang}`, /application\/atom\+xml/);
      assert.equal(meta['#type'], 'atom');
      assert.equal(meta['atom:id']['#'], `${tag}history:${lang}`);
      assert.equal(meta.xmlurl, `${PUBLIC}/history.atom?lang=${lang}`, 'self link');
      assert.equal(meta.link, `${PUBLIC}/?lang=${lang}`, 'alternate HTML link');
      assert.equal(meta.author, lang === 'ar' ? 'حالة سرب' : 'Sirb Status');
      assert.equal(meta.language, lang);
      assert.ok(meta.date instanceof Date && !Number.isNaN(meta.date.getTime()), 'updated');
      assert.equal(items.length, 2);
      for (const incident of incidents) {
        const entry = items.find((i) => i.guid === `${tag}incident:${incident.id}:${lang}`);
        assert.ok(entry, `entry for ${incident.id}`);
        assert.equal(entry.title, incident.name[lang], 'title survives escaping');
        assert.equal(entry.link, `${PUBLIC}/incidents/${incident.id}?lang=${lang}`);
        assert.ok(entry.date instanceof Date);
        assert.match(entry.description ?? '', new RegExp(lang === 'ar' ? 'قيد التحقيق|مجدولة' : 'Investigating|Scheduled'));
      }
    });

    it(`RSS 2.0 (${lang}): the same entries, ids and links`, async () => {
      const { meta, items } = await fetchFeed(`/history.rss?lang=${lang}`, /application\/rss\+xml/);
      assert.equal(meta['#type'], 'rss');
      assert.equal(meta['#version'], '2.0');
      assert.equal(meta.xmlurl, `${PUBLIC}/history.rss?lang=${lang}`, 'atom:link self');
      assert.equal(meta.link, `${PUBLIC}/?lang=${lang}`);
      assert.equal(meta.language, lang);
      assert.deepEqual(items.map((i) => i.guid).sort(), incidents.map((i) => `${tag}incident:${i.id}:${lang}`).sort());
      assert.ok(items.every((i) => i.pubdate instanceof Date && !Number.isNaN(i.pubdate.getTime())), 'RFC 822 pubDate');
    });
  }

  it('serves Arabic when no language is asked for, and never shares ids between languages', async () => {
    const plain = await fetchFeed('/history.atom', /atom/);
    assert.equal(plain.meta['atom:id']['#'], `${tag}history:ar`);
    const en = await fetchFeed('/history.atom?lang=en', /atom/);
    const ids = new Set([...plain.items, ...en.items].map((i) => i.guid));
    assert.equal(ids.size, plain.items.length + en.items.length);
  });

  it('stays well-formed XML when an incident holds characters XML 1.0 forbids (a pasted control character, a lone surrogate)', async () => {
    // JSON lets an admin send "\u0007", "\u000b" or "\ud800"; XML 1.0 has no way to write them,
    // and one of them makes the whole feed unreadable for every subscriber.
    await svc.ctx.incidents.create({ kind: 'manual', name: { en: 'Bell\u0007 tab\t ok', ar: 'عطل\u0000 \ufffe' }, status: 'investigating', impact: 'minor', components: [], body: { en: 'line\u000bbreak \ud800 😀', ar: 'نص\u001f' } });
    const illegal = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    for (const path of ['/history.atom?lang=en', '/history.atom?lang=ar', '/history.rss?lang=en', '/history.rss?lang=ar']) {
      const xml = await (await fetch(`${svc.url}${path}`)).text();
      assert.doesNotMatch(xml, illegal, path);
      const { items } = await parseFeed(xml);
      const entry = items.find((i) => /Bell|عطل/.test(i.title ?? ''));
      assert.ok(entry, `${path}: ${JSON.stringify(items.map((i) => i.title))}`);
      assert.match(entry.title, path.includes('en') ? /^Bell tab\t ok$/ : /^عطل$/, path);
      if (path.includes('en')) assert.match(entry.description ?? '', /😀/, `${path}: the emoji (a valid surrogate pair) is kept`);
    }
  });
});
