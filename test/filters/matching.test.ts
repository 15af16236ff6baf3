// How keywords match (filters/matcher.ts): Arabic folded as search folds it (diacritics,
// tatweel, alef, yaa and taa-marbuta forms), whole words bounded by any script's letters, not
// just ASCII's \b, and the text Mastodon matches: spoiler, content as plain text, media descriptions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, keywordPattern, matchStatus, matchableText, plainText, type ActiveFilter } from '../../src/filters/matcher.js';
import { applyFilters } from '../../src/filters/active.js';
import { sentenceWith } from './fixtures.js';

const status = (content: string, extra: Partial<{ id: string; spoiler_text: string; media_attachments: unknown[]; reblog: any }> = {}) => ({
  id: extra.id ?? '1',
  content: `<p>${content}</p>`,
  spoiler_text: extra.spoiler_text ?? '',
  media_attachments: extra.media_attachments ?? [],
  reblog: extra.reblog ?? null,
});

function filterOf(keywords: [string, boolean][], statusIds: number[] = []): ActiveFilter {
  return { id: 7, title: 'مرشح', context: ['home'], action: 'warn', expiresAt: null, keywords: keywords.map(([keyword, wholeWord], i) => ({ id: i + 1, keyword, wholeWord })), statusIds: new Set(statusIds) };
}

const matches = (text: string, keyword: string, wholeWord = true) => keywordPattern(keyword, wholeWord).test(matchableText(status(text)));

describe('Arabic keywords match as search does', () => {
  const twitterDown = sentenceWith('توقف موقع تويتر الاجتماعي عن العمل');
  const errors = sentenceWith('“أخطاء تقنية”');
  const network = sentenceWith('مؤسس الشبكة الاجتماعية');
  const onTwitter = sentenceWith('تراجعت شعبية التنظيم على موقع تويتر');

  test('diacritics (tashkeel) and tatweel in the keyword or the text do not matter', () => {
    assert.ok(matches(twitterDown, 'تُوِيتَر'));
    assert.ok(matches(twitterDown, 'تـويـتر'));
    assert.ok(matches(twitterDown.replace('تويتر', 'تَوِيتَّر'), 'تويتر'));
  });

  test('alef forms: أ إ آ ٱ match a bare alef and each other', () => {
    assert.ok(errors.includes('أخطاء'));
    assert.ok(matches(errors, 'اخطاء'));
    assert.ok(matches(errors.replace('أخطاء', 'اخطاء'), 'أخطاء'));
    assert.ok(matches(sentenceWith('وأظهرت صفحة API'), 'واظهرت'));
  });

  test('taa marbuta and haa, alef maqsura and yaa', () => {
    assert.ok(network.includes('الشبكة الاجتماعية'));
    assert.ok(matches(network, 'الشبكه الاجتماعيه'));
    assert.ok(onTwitter.includes(' على '));
    assert.ok(matches(onTwitter, 'علي'));
    assert.ok(matches(onTwitter.replace(' على ', ' علي '), 'على'));
  });

  test('whole word: Arabic words are words (JavaScript\'s \\b would see none)', () => {
    assert.ok(matches(twitterDown, 'تويتر', true));
    // "الاجتماعي" holds "اجتماع": a substring, not a word.
    assert.ok(!matches(twitterDown, 'اجتماع', true));
    assert.ok(matches(twitterDown, 'اجتماع', false));
    // A particle written onto the word (بتويتر) makes another word.
    assert.ok(!matches('أعطال بتويتر اليوم', 'تويتر', true));
    assert.ok(matches('أعطال بتويتر اليوم', 'تويتر', false));
    // Punctuation, Arabic or Latin, bounds a word.
    assert.ok(matches('هل تعطل تويتر؟ نعم، تويتر.', 'تويتر', true));
  });

  test('Latin: case-insensitive, whole word as Mastodon (a boundary only where the keyword has a word character)', () => {
    assert.ok(matches('Twitter is down', 'twitter'));
    assert.ok(!matches('Twitterverse is down', 'twitter'));
    assert.ok(matches('Twitterverse is down', 'twitter', false));
    assert.ok(matches('I wrote c++ today', 'c++'));
    assert.ok(matches('see #outage now', '#outage'));
    assert.ok(matches('API في تويتر', 'api'));
  });
});

describe('what is matched', () => {
  test('content as plain text: markup and entities do not count, breaks separate words', () => {
    assert.equal(plainText('<p>a &amp; b<br>c</p><p>d</p>'), 'a & b\nc\n\nd');
    const html = '<p>تعطل <a href="https://x.test/tags/تويتر" class="mention hashtag">#<span>تويتر</span></a></p>';
    assert.ok(keywordPattern('تويتر', true).test(matchableText({ id: '1', content: html, spoiler_text: '', media_attachments: [] })));
    assert.ok(!keywordPattern('href', false).test(matchableText({ id: '1', content: html, spoiler_text: '', media_attachments: [] })));
  });

  test('spoiler text and media descriptions', () => {
    const [filter] = [compile(filterOf([['داعش', true]]))];
    assert.equal(matchStatus(status('نص عادي', { spoiler_text: 'تحذير: داعش' }), [filter]).length, 1);
    assert.equal(matchStatus(status('نص عادي', { media_attachments: [{ description: 'شعار داعش' }] }), [filter]).length, 1);
    assert.equal(matchStatus(status('نص عادي', { media_attachments: [{ description: null }] }), [filter]).length, 0);
  });

  test('a reblog matches by the status it reblogs, and statuses by id', () => {
    const byKeyword = compile(filterOf([['داعش', true]]));
    const reblog = status('', { id: '20', reblog: status('تنظيم داعش', { id: '10' }) });
    assert.deepEqual(matchStatus(reblog, [byKeyword])[0].keyword_matches, ['داعش']);
    const byStatus = compile(filterOf([], [10]));
    const [result] = matchStatus(reblog, [byStatus]);
    assert.deepEqual([result.keyword_matches, result.status_matches], [null, ['10']]);
  });

  test('every keyword of a filter that matches is listed, once per filter', () => {
    const filter = compile(filterOf([['تويتر', true], ['تنظيم', true], ['فيسبوك', true]]));
    const [result] = matchStatus(status(sentenceWith('تراجعت شعبية التنظيم على موقع تويتر')), [filter]);
    assert.deepEqual(result.keyword_matches, ['تويتر']);
    assert.equal(result.filter.id, '7');
  });
});

describe('applying filters', () => {
  const hideOnHome = compile({ ...filterOf([['داعش', true]]), action: 'hide', context: ['home'] });

  test('hides only in the filter\'s contexts, lists the match elsewhere and with no context', () => {
    const statuses = [status('تنظيم داعش', { id: '1' }), status('صباح الخير', { id: '2' })];
    assert.deepEqual(applyFilters(statuses, [hideOnHome], 'home').map((s) => s.id), ['2']);
    for (const context of ['public', undefined] as const) {
      const shown = applyFilters(statuses, [hideOnHome], context);
      assert.deepEqual(shown.map((s: any) => [s.id, s.filtered?.length ?? 0]), [['1', 1], ['2', 0]]);
    }
  });

  test('the same list comes back when nothing matches (the page\'s bytes are then sent as they are)', () => {
    const statuses = [status('صباح الخير', { id: '2' })];
    assert.equal(applyFilters(statuses, [hideOnHome], 'home'), statuses);
  });
});
