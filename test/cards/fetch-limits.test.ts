// The preview-card fetcher's limits, on a real local server: which addresses and URLs may be
// fetched at all, the deadline, redirects, content types and the size cap; and the page reader.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { refusal } from '../../src/cards/address-policy.js';
import { isPublicAddress } from '../../src/lib/public-address.js';
import { fetchDocument, type FetchLimits } from '../../src/cards/fetcher.js';
import { readOembed, readPageMeta } from '../../src/cards/parse.js';
import { OTHER_NAME, PINNED, site } from './site.js';

describe('which addresses are public', () => {
  test('private, loopback, link-local, multicast, reserved and embedded ones are not, IPv4 and IPv6', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::6810:85e5', '::ffff:8.8.8.8']) assert.equal(isPublicAddress(address), true, address);
    for (const address of [
      '127.0.0.1', '127.1.2.3', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '255.255.255.255',
      '224.0.0.1', '240.0.0.1', '192.0.2.1', '198.18.0.1', '::1', '::', 'fe80::1', 'fc00::1', 'fd12::1', 'ff02::1',
      '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::1', '2001::1', '2001:db8::1', 'not an address', '',
    ]) assert.equal(isPublicAddress(address), false, address);
  });

  test('URLs: http(s) only, no credentials, ports 80/443, no private literal, unless the origin is allowed', () => {
    const none = new Set<string>();
    assert.equal(refusal(new URL('https://example.com/a'), none), undefined);
    assert.equal(refusal(new URL('http://example.com:80/a'), none), undefined);
    assert.match(refusal(new URL('ftp://example.com/a'), none)!, /http/);
    assert.match(refusal(new URL('file:///etc/passwd'), none)!, /http/);
    assert.match(refusal(new URL('http://user:pw@example.com/'), none)!, /credentials/);
    assert.match(refusal(new URL('http://example.com:8080/'), none)!, /port/);
    assert.match(refusal(new URL('https://example.com:22/'), none)!, /port/);
    for (const literal of ['http://127.0.0.1/', 'http://[::1]/', 'http://[::ffff:7f00:1]/', 'http://169.254.169.254/', 'http://0x7f.1/', 'http://2130706433/', 'http://localhost/', 'http://a.localhost/']) {
      assert.match(refusal(new URL(literal), none)!, /private/, literal);
    }
    assert.equal(refusal(new URL('http://127.0.0.1:8080/'), new Set(['127.0.0.1:8080'])), undefined);
    assert.match(refusal(new URL('http://127.0.0.1:8081/'), new Set(['127.0.0.1:8080']))!, /port/);
  });
});

describe('fetching within limits', () => {
  const web = site();
  let limits: FetchLimits;
  before(async () => {
    await web.listen();
    limits = { timeoutMs: 1000, maxBytes: 64 * 1024, maxRedirects: 2, allowed: new Set([web.host()]), pinned: new Map(Object.entries(PINNED)) };
  });
  after(() => web.close());

  test('a name resolving to this machine is refused at connect (the address connected to is judged)', async () => {
    // Port 80: the URL itself passes; only the lookup stands between the fetch and 127.0.0.1.
    await assert.rejects(fetchDocument(`http://${OTHER_NAME}/x`, ['text/html'], limits), /private address/);
    await assert.rejects(fetchDocument(`https://${OTHER_NAME}/x`, ['text/html'], limits), /private address/);
  });

  test('a hung page gives up at the deadline', async () => {
    web.pages.set('/hang', { hang: true });
    const started = Date.now();
    await assert.rejects(fetchDocument(web.url('/hang'), ['text/html'], limits), /timed out/);
    // 1 s deadline; the machine is shared and slow, so 3 s of headroom before calling it hung.
    assert.ok(Date.now() - started < 4000, `gave up after ${Date.now() - started} ms`);
  });

  test('redirects: followed up to the limit, relative ones resolved, each checked again', async () => {
    web.pages.set('/r1', { location: '/r2' });
    web.pages.set('/r2', { location: web.url('/page') });
    web.pages.set('/page', { body: '<title>here</title>' });
    const found = await fetchDocument(web.url('/r1'), ['text/html'], limits);
    assert.equal(found.url, web.url('/page'));
    assert.equal(found.body, '<title>here</title>');
    web.pages.set('/loop', { location: '/loop' });
    const before = web.hits.length;
    await assert.rejects(fetchDocument(web.url('/loop'), ['text/html'], limits), /too many redirects/);
    assert.equal(web.hits.length - before, 3, 'the first request and two redirects');
    web.pages.set('/out', { location: 'http://127.0.0.1:9/' });
    await assert.rejects(fetchDocument(web.url('/out'), ['text/html'], limits), /private address|port/);
    web.pages.set('/scheme', { location: 'file:///etc/passwd' });
    await assert.rejects(fetchDocument(web.url('/scheme'), ['text/html'], limits), /http/);
  });

  test('only the expected content types are read; errors are not pages', async () => {
    web.pages.set('/img', { type: 'image/png', body: 'png' });
    await assert.rejects(fetchDocument(web.url('/img'), ['text/html'], limits), /not text\/html/);
    web.pages.set('/gone', { status: 410, body: 'gone' });
    await assert.rejects(fetchDocument(web.url('/gone'), ['text/html'], limits), /410/);
  });

  test('reading stops at the size cap', async () => {
    web.pages.set('/big', { body: Buffer.alloc(3 * 1024 * 1024, 'a') });
    const found = await fetchDocument(web.url('/big'), ['text/html'], limits);
    assert.equal(found.body.length, 64 * 1024);
  });
});

describe('reading a page', () => {
  test('OpenGraph first, then Twitter cards, then plain HTML; only the head counts', () => {
    const og = readPageMeta('<html lang="en-GB"><head><title>T</title><meta name="twitter:title" content="TW"><meta property="og:title" content="OG"><meta name="description" content="plain"></head><body><meta property="og:description" content="body"></body></html>', 'https://a.example/x/');
    assert.equal(og.title, 'OG');
    assert.equal(og.description, 'plain');
    assert.equal(og.language, 'en-GB');
    const tw = readPageMeta('<head><title> Only\n a  title </title><meta name="twitter:image" content="pic.png"></head>', 'https://a.example/x/');
    assert.equal(tw.title, 'Only a title');
    assert.equal(tw.image, 'https://a.example/x/pic.png');
    assert.equal(readPageMeta('<meta property="og:image" content="javascript:alert(1)">', 'https://a.example/').image, null);
    assert.equal([...readPageMeta(`<meta property="og:title" content="${'ع'.repeat(400)}">`, 'https://a.example/').title].length, 250);
  });

  test('oEmbed: only an iframe survives, rebuilt and sandboxed; no iframe makes a video a link', () => {
    const rich = readOembed(JSON.stringify({ type: 'rich', html: '<div onclick="x"><iframe src="https://e.example/1?a=1&b=2" srcdoc="<script>"></iframe></div>', width: 300, height: 'x' }), 'https://e.example/')!;
    assert.equal(rich.type, 'rich');
    assert.equal(rich.html, '<iframe src="https://e.example/1?a=1&amp;b=2" width="300" frameborder="0" allowfullscreen="true" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>');
    const script = readOembed(JSON.stringify({ type: 'video', html: '<script src="https://e.example/x.js"></script>' }), 'https://e.example/')!;
    assert.equal(script.type, 'link');
    assert.equal(script.html, '');
    assert.equal(readOembed(JSON.stringify({ type: 'video', html: '<iframe src="javascript:alert(1)"></iframe>' }), 'https://e.example/')!.html, '');
    assert.equal(readOembed('not json', 'https://e.example/'), undefined);
  });
});
