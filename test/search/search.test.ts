// GET /api/v2/search with Arabic folding, on real sentences from the seed article (an Arabic
// news report on the January 2016 Twitter outage).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useTestServer } from '../helpers/server.js';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';

const ARTICLE = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/seed-article-ar.txt'), 'utf8');

/** A sentence quoted from the article; fails loudly if the article does not say it. */
function quote(sentence: string): string {
  assert.ok(ARTICLE.includes(sentence), `not in the seed article: ${sentence}`);
  return sentence;
}

describe('search', () => {
  const env = useTestServer();

  before(async () => {
  });
  /** Searches statuses of one author only, so other tests' posts do not get in the way. */
  async function findStatuses(author: TestUser, q: string, viewer: Api = env.api): Promise<string[]> {
    const res = await viewer.get(`/api/v2/search?type=statuses&account_id=${author.id}&q=${encodeURIComponent(q)}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.statuses.map((s: any) => s.id);
  }

  test('searching تويتر finds تُوِيتَر, and the other way round', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const vowelled = await createPost(user, 'توقف موقع تُوِيتَر الاجتماعي عن العمل');
    const plain = await createPost(user, quote('نشر مغردون تغريدات ساخرة ارتبطت بتوقف تويتر أمس.'));
    assert.deepEqual(await findStatuses(user, 'تويتر'), [plain.id, vowelled.id]);
    assert.deepEqual(await findStatuses(user, 'تُوِيتَر'), [plain.id, vowelled.id]);
  });

  test('alef forms أ إ آ ا are one letter', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const hamzaAbove = await createPost(user, quote('أظهرت شاشة الموقع عند محاولة تصفحه “هناك خطأ تقني شكرا لملاحظتك،'));
    const hamzaBelow = await createPost(user, quote('سنقوم بإصلاح الخلل وإعادة الأمور إلى طبيعتها”.'));
    const madda = await createPost(user, quote('لندن- يوم عصيب آخر واجهته شركة تويتر أمس عندما توقف موقعها الاجتماعي عن العمل عبر معظم المنصات لأكثر من ساعتين.'));
    assert.deepEqual(await findStatuses(user, 'اظهرت'), [hamzaAbove.id]);
    assert.deepEqual(await findStatuses(user, 'اصلاح'), [hamzaBelow.id]);
    assert.deepEqual(await findStatuses(user, 'إصلاح'), [hamzaBelow.id]);
    assert.deepEqual(await findStatuses(user, 'يوم عصيب اخر'), [madda.id]);
    assert.deepEqual(await findStatuses(user, 'يوم عصيب أخر'), [madda.id]);
  });

  test('ta marbuta and ha are one letter', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const post = await createPost(user, quote('وبدأت المشكلة في الساعة الثامنة بتوقيت غرينتش،'));
    assert.deepEqual(await findStatuses(user, 'المشكله'), [post.id]);
    assert.deepEqual(await findStatuses(user, 'الساعه الثامنه'), [post.id]);
    assert.deepEqual(await findStatuses(user, 'المشكلة'), [post.id]);
  });

  test('alef maqsura and ya are one letter', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const post = await createPost(user, quote('قبل أن يعود إلى العمل مرة أخرى.'));
    assert.deepEqual(await findStatuses(user, 'الي العمل'), [post.id]);
    assert.deepEqual(await findStatuses(user, 'اخري'), [post.id]);
  });

  test('tatweel is ignored in the text and in the query', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const post = await createPost(user, quote('وقال موقع تقني بريطاني إن تنظيم داعش يقف وراء الأمر.'));
    const stretched = await createPost(user, 'تـــنظيم الخدمة');
    assert.deepEqual(await findStatuses(user, 'تــنــظيــم'), [stretched.id, post.id]);
    assert.deepEqual(await findStatuses(user, 'بريطـــاني'), [post.id]);
  });

  test('Arabic-Indic digits match Western digits', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const western = await createPost(user, quote('ويعد هذا الخلل هو الثاني الذي يشهده الموقع خلال 24 ساعة،'));
    const indic = await createPost(user, 'تلقى الموقع أكثر من ٢٠٠ شكوى');
    assert.deepEqual(await findStatuses(user, 'خلال ٢٤ ساعه'), [western.id]);
    assert.deepEqual(await findStatuses(user, '200 شكوى'), [indic.id]);
    assert.deepEqual(await findStatuses(user, '۲۰۰'), [indic.id]);
  });

  test('every word must match, in any order; LIKE wildcards are literal', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const post = await createPost(user, quote('ويبلغ عدد مستخدمي تويتر 500 مليون مستخدم منهم 320 مليون مستخدم نشط.'));
    await createPost(user, '100% خطأ');
    assert.deepEqual(await findStatuses(user, 'مليون تويتر'), [post.id]);
    assert.deepEqual(await findStatuses(user, 'مليون فيسبوك'), []);
    assert.deepEqual(await findStatuses(user, '%'), (await findStatuses(user, '100%')));
    assert.equal((await findStatuses(user, '_')).length, 0);
  });

  test('hashtags: an Arabic tag is found by a prefix, without diacritics or #', async () => {
    const user = await createUser(env.api, undefined, env.app);
    await createPost(user, `${quote('مشاكل في أغلب أجزاء الموقع.')} #تويتر_معطل`);
    for (const q of ['تويتر_مع', '#تويتر_معطل', 'تُوِيتَر_معطل']) {
      const res = await env.api.get(`/api/v2/search?type=hashtags&q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200);
      assert.ok(res.body.hashtags.some((t: any) => t.name === 'تويتر_معطل'), q);
      assert.deepEqual(res.body.accounts, []);
      assert.deepEqual(res.body.statuses, []);
    }
  });

  test('accounts: by username and by Arabic display name without diacritics', async () => {
    const user = await createUser(env.api, 'mughrrida_search', env.app);
    await user.api.patch('/api/v1/accounts/update_credentials', { display_name: 'مُغَرِّدَة ساخِرة' });
    const byArabic = await env.api.get(`/api/v2/search?type=accounts&q=${encodeURIComponent('مغرده ساخره')}`);
    assert.deepEqual(byArabic.body.accounts.map((a: any) => a.id), [user.id]);
    const byName = await env.api.get('/api/v2/search?q=mughrrida_search');
    assert.equal(byName.body.accounts[0].id, user.id);
    assert.ok(Array.isArray(byName.body.statuses) && Array.isArray(byName.body.hashtags));
  });

  test('without a type, all three kinds come back at once', async () => {
    const user = await createUser(env.api, 'kulluha_search', env.app);
    await createPost(user, 'kulluha_search في كل مكان #kulluha_search');
    const res = await env.api.get('/api/v2/search?q=kulluha_search');
    assert.equal(res.body.accounts.length, 1);
    assert.equal(res.body.statuses.length, 1);
    assert.deepEqual(res.body.hashtags.map((t: any) => t.name), ['kulluha_search']);
  });

  test('private posts are found only by those who may see them', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const follower = await createUser(env.api, undefined, env.app);
    await follower.api.post(`/api/v1/accounts/${author.id}/follow`);
    const post = await createPost(author, quote('هل هو قرصنة أو عملية تخريب،'), { visibility: 'private' });
    assert.deepEqual(await findStatuses(author, 'قرصنه'), []);
    assert.deepEqual(await findStatuses(author, 'قرصنه', follower.api), [post.id]);
  });

  test('bad queries: missing q, bad type, bad limit or ids are 400', async () => {
    for (const q of ['', '?type=accounts', '?q=x&type=people', '?q=x&limit=0', '?q=x&limit=abc', '?q=x&max_id=abc', '?q=x&account_id=zz']) {
      const res = await env.api.get(`/api/v2/search${q}`);
      assert.equal(res.status, 400, q);
      assert.ok(res.body.error, q);
    }
    assert.deepEqual((await env.api.get('/api/v2/search?q=%20')).body, { accounts: [], statuses: [], hashtags: [] });
  });
});
