// The composer's counter must agree with the server's: same twitter-text, same weighting.
// The web app's weighting table is plain data, so it is checked here against the server's
// own weightedLength on texts in Arabic, Latin, mixed, with URLs and emoji.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import twitterText from 'twitter-text';
import { weightedLength } from '../../src/posts/content.js';
import { WEIGHTING } from '../../web/src/lib/weighting.js';

const samples = [
  '',
  'hello world',
  'مرحبا بالعالم',
  'سرب: منصة تدوين مصغّر عربية أولاً #سرب @someone',
  'mixed نص عربي and English text with https://example.com/a/very/long/path?x=1',
  'ـــ تطويل وتشكيل: مُحَمَّدٌ',
  'emoji 👋🏽 and 🇸🇦 and ❤️',
  'ﷺ ﻻ presentation forms',
  'ܐܒܓ Syriac and ހ Thaana',
  'a'.repeat(300),
  'ع'.repeat(141),
];

test('composer and server count posts the same way', () => {
  for (const text of samples) {
    const client = twitterText.parseTweet(text, WEIGHTING as twitterText.ParseTweetOptions).weightedLength;
    assert.equal(client, weightedLength(text), `weighted length of ${JSON.stringify(text)}`);
  }
});

test('280 Arabic letters fill a 280 post, as on Twitter', () => {
  assert.equal(twitterText.parseTweet('ع'.repeat(280), WEIGHTING as twitterText.ParseTweetOptions).weightedLength, 280);
});
