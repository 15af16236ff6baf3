// Link preview cards over the API: a post's first link gets the card its page describes
// (OpenGraph, oEmbed), shown in the Status's `card` (as masto.js reads it) and at
// /api/v1/statuses/:id/card; pages on the server's own network are never fetched unless the
// operator allowed their origin, redirects included.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import sharp from 'sharp';
import { isBlurhashValid } from 'blurhash';
import type { Config } from '../../src/config.js';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';
import { until } from '../helpers/until.js';
import { OTHER_NAME, PINNED, site } from './site.js';

// The fetch runs after the post is answered; on the shared 2-core test machine, under load, a
// first card (page, oEmbed, image re-encoded) took up to 20 s: a minute of headroom.
const CARD_WAIT_MS = 60_000;

const ARTICLE = (web: ReturnType<typeof site>) => `<!doctype html><html lang="ar"><head>
  <title>عنوان احتياطي</title>
  <meta property="og:title" content="سرب &amp; الطيور: دليل">
  <meta property="og:description" content="كيف   تطير
  الأسراب معاً">
  <meta property="og:image" content="/img/cover.jpg">
  <meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
  <meta property="og:image:alt" content="سرب فوق البحر">
  <meta property="og:site_name" content="مدونة الطيور">
  <meta name="author" content="هند">
  <link rel="alternate" type="application/json+oembed" href="${web.url('/oembed.json')}">
  </head><body><meta property="og:title" content="from the body: ignored"><p>…</p></body></html>`;

describe('preview cards (the test site\'s origin allowed, as an operator would allow a closed network)', () => {
  const web = site();
  // The fetch's own deadline is tested in fetch-limits.test.ts; here a loaded machine must not
// turn a slow answer from the local site into "no card" (remembered for 10 minutes).
const overrides: Partial<Config> = { cardsAllowedOrigins: [], cardsResolve: PINNED, cardsTimeoutMs: 30_000 };
  before(async () => {
    await web.listen();
    overrides.cardsAllowedOrigins = [web.host()];
  });
  after(() => web.close());
  const env = useTestServer(overrides);

  test('a post\'s first link gets its page\'s card: OpenGraph texts, oEmbed video iframe, image resolved', async () => {
    web.pages.set('/article', { body: ARTICLE(web) });
    web.pages.set('/img/cover.jpg', { type: 'image/png', body: await sharp({ create: { width: 1600, height: 840, channels: 3, background: '#336699' } }).png().toBuffer() });
    web.pages.set('/oembed.json', {
      type: 'application/json',
      body: JSON.stringify({ type: 'video', title: 'ignored', author_name: 'Hind', author_url: 'https://example.org/hind', provider_name: 'Tube', provider_url: 'https://tube.example', width: 640, height: 360, html: '<iframe src="https://tube.example/embed/1" onload="alert(1)"></iframe><script>alert(2)</script>' }),
    });
    const user = await createUser(env.api, undefined, env.app);
    const posted = await user.api.post('/api/v1/statuses', { status: `اقرؤوا ${web.url('/article#part')} و ${web.url('/second')}` });
    assert.equal(posted.status, 200);
    let status: any;
    await until(async () => {
      status = (await env.api.get(`/api/v1/statuses/${posted.body.id}`)).body;
      return status.card !== null;
    }, `the card (site hits: ${JSON.stringify(web.hits)})`, CARD_WAIT_MS);
    const card = status.card;
    assert.equal(card.url, web.url('/article'), 'the link without its fragment');
    assert.equal(card.title, 'سرب & الطيور: دليل');
    assert.equal(card.description, 'كيف تطير الأسراب معاً');
    // The image is kept here (the app's CSP loads images from its own origin), re-encoded.
    assert.match(card.image, new RegExp(`^${env.server.url}/card-images/[0-9a-f]{40}\\.webp$`));
    const image = await fetch(card.image);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/webp');
    assert.match(image.headers.get('cache-control') ?? '', /immutable/);
    const kept = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    assert.deepEqual([kept.format, kept.width, kept.height], ['webp', 1200, 630]);
    assert.equal((await fetch(`${env.server.url}/card-images/..%2f..%2fsirb.sqlite`)).status, 404);
    assert.equal(card.image_description, 'سرب فوق البحر');
    assert.ok(isBlurhashValid(card.blurhash).result, `a BlurHash of the kept image: ${card.blurhash}`);
    assert.equal(card.language, 'ar');
    assert.equal(card.type, 'video');
    assert.equal(card.author_name, 'Hind');
    assert.equal(card.provider_name, 'Tube');
    assert.equal(card.width, 640);
    assert.equal(card.height, 360);
    assert.match(card.html, /^<iframe src="https:\/\/tube\.example\/embed\/1" width="640" height="360" [^>]*sandbox="[^"]*"><\/iframe>$/);
    assert.doesNotMatch(card.html, /onload|<script|alert/);
    // Every rendering shows it: the deprecated route, the author's timeline, masto.js.
    assert.deepEqual((await env.api.get(`/api/v1/statuses/${posted.body.id}/card`)).body, card);
    const timeline = (await env.api.get(`/api/v1/accounts/${user.id}/statuses`)).body;
    assert.deepEqual(timeline[0].card, card);
    const masto = createRestAPIClient({ url: env.server.url, accessToken: user.token });
    const seen = await masto.v1.statuses.$select(posted.body.id).fetch();
    assert.equal(seen.card?.title, 'سرب & الطيور: دليل');
    assert.equal(seen.card?.type, 'video');
    // A second post with the same link reuses the stored card: the page is not fetched again.
    const fetches = web.hits.filter((h) => h === '/article').length;
    const again = await user.api.post('/api/v1/statuses', { status: `مرة أخرى ${web.url('/article')}` });
    await until(async () => (await env.api.get(`/api/v1/statuses/${again.body.id}`)).body.card !== null, 'the second card', CARD_WAIT_MS);
    assert.equal(web.hits.filter((h) => h === '/article').length, fetches);
    // A deleted post lets go of its card; the card stays for the other post sharing the link.
    assert.equal((await user.api.delete(`/api/v1/statuses/${again.body.id}`)).status, 200);
    const links = () => env.server.ctx.db.kysely.selectFrom('status_cards').select('status_id').where('status_id', 'in', [Number(posted.body.id), Number(again.body.id)]).execute();
    await until(async () => (await links()).length === 1, 'the deleted post\'s card link to go');
    assert.deepEqual((await links()).map((r) => String(r.status_id)), [posted.body.id]);
  });

  test('no card: a post without a link, a page that is not HTML, a page that says nothing; edited in later', async () => {
    const user = await createUser(env.api, undefined, env.app);
    web.pages.set('/file', { type: 'application/octet-stream', body: '<meta property="og:title" content="binary">' });
    web.pages.set('/bare', { body: '<html><body>nothing</body></html>' });
    web.pages.set('/later', { body: '<head><meta name="twitter:title" content="Later card"></head>' });
    const plain = await user.api.post('/api/v1/statuses', { status: 'لا رابط هنا' });
    const file = await user.api.post('/api/v1/statuses', { status: web.url('/file') });
    const bare = await user.api.post('/api/v1/statuses', { status: web.url('/bare') });
    await until(() => web.hits.includes('/file') && web.hits.includes('/bare'), 'the fetches', CARD_WAIT_MS);
    await env.server.ctx.cards.idle();
    for (const post of [plain, file, bare]) {
      assert.equal((await env.api.get(`/api/v1/statuses/${post.body.id}`)).body.card, null);
      assert.deepEqual((await env.api.get(`/api/v1/statuses/${post.body.id}/card`)).body, {});
    }
    const edited = await user.api.request('PUT', `/api/v1/statuses/${plain.body.id}`, { status: `صار فيه رابط ${web.url('/later')}` });
    assert.equal(edited.status, 200);
    await until(async () => (await env.api.get(`/api/v1/statuses/${plain.body.id}`)).body.card?.title === 'Later card', 'the edited-in card', CARD_WAIT_MS);
  });

  test('a link card: its size is its image\'s; an image elsewhere (not allowed), too large or not an image is left out', async () => {
    const png = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#aa3300' } }).png().toBuffer();
    web.pages.set('/small.png', { type: 'image/png', body: png });
    web.pages.set('/huge.png', { type: 'image/png', body: Buffer.alloc(3 * 1024 * 1024) });
    web.pages.set('/fake.png', { type: 'image/png', body: 'not a png' });
    web.pages.set('/with-image', { body: '<head><meta property="og:title" content="With image"><meta property="og:image" content="/small.png"></head>' });
    web.pages.set('/image-elsewhere', { body: `<head><meta property="og:title" content="Elsewhere"><meta property="og:image" content="${web.url('/small.png', OTHER_NAME)}"></head>` });
    web.pages.set('/image-huge', { body: '<head><meta property="og:title" content="Huge"><meta property="og:image" content="/huge.png"></head>' });
    web.pages.set('/image-fake', { body: '<head><meta property="og:title" content="Fake"><meta property="og:image" content="/fake.png"></head>' });
    const user = await createUser(env.api, undefined, env.app);
    const cards: Record<string, any> = {};
    for (const path of ['/with-image', '/image-elsewhere', '/image-huge', '/image-fake']) {
      const post = await user.api.post('/api/v1/statuses', { status: web.url(path) });
      await until(async () => (cards[path] = (await env.api.get(`/api/v1/statuses/${post.body.id}`)).body.card) !== null, `the card of ${path}`, CARD_WAIT_MS);
    }
    assert.equal(cards['/with-image'].type, 'link');
    assert.deepEqual([cards['/with-image'].width, cards['/with-image'].height], [800, 400]);
    assert.match(cards['/with-image'].image, /\/card-images\//);
    for (const path of ['/image-elsewhere', '/image-huge', '/image-fake']) {
      assert.equal(cards[path].image, null, path);
      assert.deepEqual([cards[path].width, cards[path].height], [0, 0], path);
    }
  });

  test('a trending link shows its card (Trends::Link is the PreviewCard with its history), read by masto.js', async () => {
    web.pages.set('/trending', { body: `<!doctype html><html lang="ar"><head><meta property="og:title" content="انقطاع تويتر مرتين في يوم"><meta property="og:description" content="ما حدث في ١٩ يناير"></head></html>` });
    const link = web.url('/trending');
    const sharers: Awaited<ReturnType<typeof createUser>>[] = [];
    for (let i = 0; i < 3; i++) sharers.push(await createUser(env.api, undefined, env.app));
    const posts: { id: string }[] = [];
    for (const user of sharers) posts.push((await user.api.post('/api/v1/statuses', { status: `تويتر معطل ${link}` })).body);
    await until(async () => (await env.api.get(`/api/v1/statuses/${posts[0].id}`)).body.card !== null, 'the card', CARD_WAIT_MS);
    const masto = createRestAPIClient({ url: env.server.url });
    const trending = (await masto.v1.trends.links.list()).find((l) => l.url === link);
    assert.ok(trending, 'the link trends');
    assert.equal(trending.title, 'انقطاع تويتر مرتين في يوم');
    assert.equal(trending.description, 'ما حدث في ١٩ يناير');
    assert.equal(trending.history[0]!.accounts, '3');
  });

  test('the card route: unknown or unseen statuses are 404 with an error, a bad id 4xx', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const secret = await author.api.post('/api/v1/statuses', { status: `خاص ${web.url('/article')}`, visibility: 'private' });
    const stranger = await createUser(env.api, undefined, env.app);
    const hidden = await stranger.api.get(`/api/v1/statuses/${secret.body.id}/card`);
    assert.equal(hidden.status, 404);
    assert.equal(typeof hidden.body.error, 'string');
    assert.equal((await env.api.get('/api/v1/statuses/999999999/card')).status, 404);
    const bad = await env.api.get('/api/v1/statuses/abc/card');
    assert.ok(bad.status >= 400 && bad.status < 500);
    assert.equal(typeof bad.body.error, 'string');
  });

  test('a redirect to an origin not allowed (the same machine by another name, or by its address) is not followed', async () => {
    web.pages.set('/hop', { location: web.url('/secret', OTHER_NAME) });
    web.pages.set('/hop2', { location: `http://127.0.0.1:${web.port()}/secret` });
    web.pages.set('/secret', { body: '<meta property="og:title" content="internal">' });
    const user = await createUser(env.api, undefined, env.app);
    const post = await user.api.post('/api/v1/statuses', { status: web.url('/hop') });
    const post2 = await user.api.post('/api/v1/statuses', { status: web.url('/hop2') });
    await until(() => web.hits.includes('/hop') && web.hits.includes('/hop2'), 'the first fetches', CARD_WAIT_MS);
    await env.server.ctx.cards.idle();
    assert.equal(web.hits.includes('/secret'), false, 'the redirect target was never asked');
    assert.equal((await env.api.get(`/api/v1/statuses/${post.body.id}`)).body.card, null);
    assert.equal((await env.api.get(`/api/v1/statuses/${post2.body.id}`)).body.card, null);
  });
});

describe('preview cards (default settings: public addresses on ports 80 and 443 only)', () => {
  const web = site();
  before(() => web.listen());
  after(() => web.close());
  // The names still resolve to this machine (as a hostile DNS would answer), but no origin is allowed.
  const env = useTestServer({ cardsResolve: PINNED });

  test('links to loopback and private addresses are never fetched', async () => {
    web.pages.set('/article', { body: '<meta property="og:title" content="internal">' });
    const user = await createUser(env.api, undefined, env.app);
    const posts = [];
    for (const link of [web.url('/article'), web.url('/article', OTHER_NAME), `http://${OTHER_NAME}/article`, `https://${OTHER_NAME}/article`]) {
      posts.push(await user.api.post('/api/v1/statuses', { status: `رابط ${link}` }));
    }
    await env.server.ctx.cards.idle();
    assert.deepEqual(web.hits, [], 'nothing reached the local site');
    for (const post of posts) assert.equal((await env.api.get(`/api/v1/statuses/${post.body.id}`)).body.card, null);
  });
});

describe('a link to the server\'s own pages gets no card (as on Mastodon)', () => {
  const web = site();
  // The server's public address is the test site's: its pages are "this server's own".
  const overrides: Partial<Config> = { cardsAllowedOrigins: [], cardsResolve: PINNED, cardsTimeoutMs: 30_000 };
  before(async () => {
    await web.listen();
    overrides.cardsAllowedOrigins = [web.host()];
    overrides.publicUrl = web.url('');
  });
  after(() => web.close());
  const env = useTestServer(overrides);

  test('a post linking to a post of this server is not given that page\'s card, and the page is not fetched', async () => {
    web.pages.set('/@someone/1234', { body: ARTICLE(web) });
    const user = await createUser(env.api);
    const post = await user.api.post('/api/v1/statuses', { status: `منشور يقتبس ${web.url('/@someone/1234')}` });
    assert.equal(post.status, 200);
    await env.server.ctx.cards.idle();
    assert.equal((await env.api.get(`/api/v1/statuses/${post.body.id}`)).body.card, null);
    assert.ok(!web.hits.includes('/@someone/1234'), `the server fetched its own page: ${JSON.stringify(web.hits)}`);
  });
});
