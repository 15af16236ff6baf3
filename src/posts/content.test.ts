import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseText, renderContent, weightedLength } from './content.js';

const links = { publicUrl: 'https://sirb.test', knownMentions: new Set(['sara']) };

test('weighted length is twitter-text v3: Arabic and Latin letters weigh 1, CJK 2, a link 23', () => {
  assert.equal(weightedLength('ع'.repeat(280)), 280);
  assert.equal(weightedLength('ع'.repeat(281)), 281);
  assert.equal(weightedLength('a'.repeat(280)), 280);
  assert.equal(weightedLength('字'.repeat(140)), 280);
  assert.equal(weightedLength('مرحبا hi'), 8);
  assert.equal(weightedLength(`see https://example.com/${'x'.repeat(100)}`), 4 + 23);
});

test('parses Arabic hashtags (with underscores and diacritics), mentions and links', () => {
  const parsed = parseText('تعطل #تويتر_معطل مرة أخرى و #تُوِيتَر_معطل مع @Sara عبر https://example.com/a');
  assert.deepEqual(parsed.hashtags, ['تويتر_معطل']);
  assert.deepEqual(parsed.mentions, ['sara']);
  assert.deepEqual(parsed.urls, ['https://example.com/a']);
});

test('content is escaped HTML: markup in the text never survives', () => {
  const html = renderContent('<script>alert("x")</script> & <b>bold</b>', links);
  assert.equal(html, '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</p>');
});

test('content links hashtags, known mentions and URLs; unknown mentions stay text', () => {
  const html = renderContent('#تويتر_معطل @sara @ghost https://example.com', links);
  assert.match(html, /<a href="https:\/\/sirb\.test\/tags\/%D8%AA[^"]*" class="mention hashtag" rel="tag">#<span>تويتر_معطل<\/span><\/a>/);
  assert.match(html, /<a href="https:\/\/sirb\.test\/@sara" class="u-url mention">@<span>sara<\/span><\/a>/);
  assert.match(html, / @ghost /);
  assert.match(html, /<a href="https:\/\/example\.com" target="_blank" rel="nofollow noopener noreferrer" translate="no" dir="ltr">example\.com<\/a>/);
});

test('paragraphs and line breaks', () => {
  assert.equal(renderContent('سطر\nسطر\n\nفقرة', links), '<p>سطر<br />سطر</p><p>فقرة</p>');
});

test('the raw bound counts code points: an emoji (two UTF-16 units) is one', async () => {
  const { exceedsRawLength } = await import('./content.js');
  assert.equal(exceedsRawLength('😀'.repeat(10), 10), false);
  assert.equal(exceedsRawLength('😀'.repeat(11), 10), true);
  assert.equal(exceedsRawLength('a'.repeat(10), 10), false);
  assert.equal(exceedsRawLength('a'.repeat(21), 10), true);
});
