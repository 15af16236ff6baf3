// A warm timeline page is copied together from JSON heads encoded into the render cache's
// entries; every other answer renders statuses after hydrating them. Both must give the same
// JSON, for any page, any viewer and any history of changes: generated here with fast-check over
// a real store holding reblogs, a suspended author, media, mentions, tags, replies, the four
// visibilities, and viewer marks older than the window a viewer's marks are cached for.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import sharp from 'sharp';
import { useTestServer } from '../helpers/server.js';
import { createUser, type TestUser } from '../helpers/client.js';
import { StatusPresenter } from '../../src/posts/presenter.js';
import { RenderCache } from '../../src/posts/render-cache.js';
import { findStatusesByIds } from '../../src/posts/store.js';

const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'];

describe('the warm page equals the full render', () => {
  const env = useTestServer();
  let authors: TestUser[];
  let suspended: TestUser;
  let viewers: TestUser[];
  /** Every status in the store, newest first. */
  let ids: number[];
  /** Media attached to posts, with their owners. */
  let media: { id: number; owner: number }[];

  const ctx = () => env.server.ctx;
  const num = (user: TestUser) => Number(user.id);

  /** A fresh presenter over the app's store; `marksLimit` sets how many marks a viewer caches. */
  const presenter = (marksLimit?: number) => new StatusPresenter(ctx().db.kysely, ctx().config.publicUrl, ctx().media, new RenderCache(), marksLimit);

  /** The full render: rows hydrated by a presenter that has cached nothing, as objects. */
  async function fullRender(page: number[], viewer?: number) {
    const rows = new Map((await findStatusesByIds(ctx().db.kysely, page)).map((row) => [row.id, row]));
    return presenter().present(page.flatMap((id) => rows.get(id) ?? []), viewer);
  }

  async function setSuspended(user: TestUser, on: boolean) {
    await ctx().db.kysely.updateTable('accounts').set({ suspended_at: on ? Date.now() : null }).where('id', '=', num(user)).execute();
    await ctx().events.publish({ type: 'account.changed', accountId: num(user) });
  }

  before(async () => {
    authors = [];
    for (let i = 0; i < 3; i++) authors.push(await createUser(env.api, undefined, env.app));
    suspended = await createUser(env.api, undefined, env.app);
    viewers = [await createUser(env.api, undefined, env.app), await createUser(env.api, undefined, env.app)];
    const posters = [...authors, suspended, viewers[0]];
    const { posts, accounts, media: mediaService } = ctx();
    // Followers see followers-only posts, so they can mark them.
    for (const viewer of viewers) for (const author of [...authors, suspended]) await accounts.follow(num(viewer), num(author));
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#2a7' } }).png().toBuffer();
    media = [];
    const created: { id: number; author: TestUser; visibility: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const author = posters[i % posters.length];
      const visibility = VISIBILITIES[i % 4];
      let status = `منشور رقم ${i}`;
      if (i % 3 === 0) status += ` @${viewers[i % 2].username}`;
      if (i % 2 === 0) status += ` #سرب #tag${i % 3}`;
      const attached = [];
      if (i % 6 === 1) {
        const upload = await mediaService.upload(num(author), png, i % 12 === 1 ? 'وصف' : undefined);
        attached.push(Number(upload.id));
        media.push({ id: Number(upload.id), owner: num(author) });
      }
      const reply = i % 5 === 4 ? [...created].reverse().find((p) => p.visibility === 'public' || p.author === author)?.id : undefined;
      const json = await posts.create(num(author), null, {
        status, visibility, in_reply_to_id: reply, media_ids: attached,
        sensitive: i % 7 === 0, spoiler_text: i % 7 === 0 ? 'تنبيه' : undefined, language: i % 2 ? 'ar' : undefined,
      });
      created.push({ id: Number(json.id), author, visibility });
    }
    // Reblogs by others, by the suspended author, of the suspended author, and a self-boost of a
    // followers-only post.
    const reblogger = [viewers[1], suspended, authors[0], viewers[0]];
    for (const [i, post] of created.entries()) {
      if (post.visibility === 'public' || post.visibility === 'unlisted') {
        const by = reblogger[i % reblogger.length];
        if (by !== post.author) await posts.reblog(num(by), post.id);
      }
    }
    const privatePost = created.find((p) => p.visibility === 'private')!;
    await posts.reblog(num(privatePost.author), privatePost.id, 'private');
    // Marks, the oldest posts included: with a small cached window they lie below its horizon.
    for (const [i, post] of created.entries()) {
      if (post.visibility === 'direct') continue;
      const viewer = viewers[i % 2];
      if (i % 2 === 0) await posts.favourite(num(viewer), post.id, true);
      if (i % 3 === 0) await posts.bookmark(num(viewer), post.id, true);
      if (i % 4 === 0 && post.visibility !== 'private') await posts.reblog(num(viewer), post.id);
    }
    await setSuspended(suspended, true);
    ids = (await ctx().db.kysely.selectFrom('statuses').select('id').orderBy('id', 'desc').execute()).map((r) => Number(r.id));
  });

  const viewerIndex = fc.constantFrom<number | undefined>(undefined, 0, 1, 2, 3);
  const viewerOf = (index: number | undefined) => (index === undefined ? undefined : num([...viewers, authors[0], suspended][index]));

  test('the store holds every case', async () => {
    const all = await fullRender(ids, num(viewers[0]));
    assert.ok(all.length < ids.length, 'the suspended author’s statuses and reblogs are hidden');
    assert.ok(all.some((s) => s.reblog !== null) && all.some((s) => s.reblog?.account.id === s.account.id), 'reblogs, a self-boost among them');
    assert.ok(all.some((s) => s.media_attachments.length > 0) && all.some((s) => s.mentions.length > 0) && all.some((s) => s.tags.length > 0));
    assert.ok(all.some((s) => s.in_reply_to_id !== null) && all.some((s) => s.sensitive));
    assert.deepEqual(new Set(all.map((s) => s.visibility)), new Set(VISIBILITIES));
    assert.ok(all.some((s) => s.favourited) && all.some((s) => s.bookmarked) && all.some((s) => s.reblogged));
  });

  test('for any page, viewer and cached window of marks', async () => {
    let warmPages = 0;
    const runs = 60;
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(ids, { minLength: 1, maxLength: 20 }),
        viewerIndex,
        // A few marks cached (pages reach below the window) or all of them (pages are warm).
        fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(500)),
        fc.boolean(),
        async (page, index, marksLimit, withGone) => {
          // An id that no longer exists (a deleted post) is skipped by both.
          if (withGone) page = [...page, 1];
          const viewer = viewerOf(index);
          const cached = presenter(marksLimit);
          const hydrated = JSON.parse((await cached.presentIdsAsJson(page, viewer)).toString());
          const full = await fullRender(page, viewer);
          assert.deepEqual(hydrated, full, 'the hydrated page');
          // Declined when the page reaches below the viewer's cached window of marks.
          const warm = cached.pageFromCache(page, viewer);
          if (warm === undefined) return;
          warmPages++;
          assert.deepEqual(JSON.parse(warm.toString()), full, 'the warm page');
        },
      ),
      { numRuns: runs },
    );
    assert.ok(warmPages >= runs / 4, `the warm path answered ${warmPages} of ${runs} pages`);
  });

  test('after any sequence of changes, with the app’s own cache', async () => {
    // The app's presenter hears every change through the event bus, as it does in production.
    const app = ctx().posts.presenter;
    const { posts, accounts, media: mediaService } = ctx();
    const post = fc.constantFrom(...ids);
    const action = fc.oneof(
      fc.record({ kind: fc.constantFrom('favourite', 'bookmark', 'reblog'), by: fc.integer({ min: 0, max: 1 }), post, on: fc.boolean() }),
      fc.record({ kind: fc.constant('rename'), by: fc.integer({ min: 0, max: 2 }), name: fc.string({ maxLength: 12 }) }),
      fc.record({ kind: fc.constant('suspend'), on: fc.boolean() }),
      fc.record({ kind: fc.constant('describe'), media: fc.integer({ min: 0, max: 3 }), text: fc.string({ maxLength: 20 }) }),
      fc.record({ kind: fc.constant('reply'), by: fc.integer({ min: 0, max: 2 }), post }),
    );
    type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;
    const apply = async (a: Action) => {
      // Changes the service refuses (reblogging a direct post, a reply to one not visible) are fine: nothing changed.
      const attempt = (p: Promise<unknown>) => p.catch(() => undefined);
      switch (a.kind) {
        case 'favourite': return attempt(posts.favourite(num(viewers[a.by]), a.post, a.on));
        case 'bookmark': return attempt(posts.bookmark(num(viewers[a.by]), a.post, a.on));
        case 'reblog': return attempt(a.on ? posts.reblog(num(viewers[a.by]), a.post) : posts.unreblog(num(viewers[a.by]), a.post));
        case 'rename': return accounts.updateCredentials(num(authors[a.by]), { display_name: a.name });
        case 'suspend': return setSuspended(suspended, a.on);
        case 'describe': {
          const { id, owner } = media[a.media % media.length];
          return mediaService.describe(owner, id, a.text);
        }
        case 'reply': return attempt(posts.create(num(authors[a.by]), null, { status: 'ردّ', in_reply_to_id: a.post }));
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 6 }), viewerIndex, async (actions, index) => {
        const viewer = viewerOf(index);
        await app.presentIdsAsJson(ids.slice(0, 30), viewer); // warm before the changes
        for (const a of actions) {
          await apply(a);
          // Statuses that still exist (an unreblog deletes a reblog): a page with a deleted id
          // is never warm, it is hydrated (timelines drop deleted ids).
          const rows = await findStatusesByIds(ctx().db.kysely, ids.slice(0, 30));
          rows.sort((x, y) => y.id - x.id);
          const page = rows.map((row) => row.id);
          // Read until warm: the read hydrates what the change evicted, but an eviction may
          // still arrive (on PostgreSQL + Redis the cache hears each event again from the
          // channel a moment later), and then the next read hydrates again.
          let warm: Buffer | undefined;
          for (let reads = 0; warm === undefined && reads < 100; reads++) {
            await app.presentIdsAsJson(page, viewer);
            warm = app.pageFromCache(page, viewer);
          }
          assert.ok(warm, 'a page read again is warm');
          const full = await fullRender(page, viewer);
          assert.deepEqual(JSON.parse(warm.toString()), full, `after ${JSON.stringify(a)}`);
          // Rows read by a caller reuse the heads of cached entries holding the same row.
          assert.deepEqual(await app.present(rows, viewer), full, `objects after ${JSON.stringify(a)}`);
        }
      }),
      { numRuns: 15 },
    );
    await setSuspended(suspended, true);
  });
});
