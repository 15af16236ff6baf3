import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashtagKey, normalizeArabic, searchForm } from './arabic.js';

test('drops tashkeel: تُوِيتَر is تويتر', () => {
  assert.equal(normalizeArabic('تُوِيتَر'), 'تويتر');
  assert.equal(normalizeArabic('مُغَرِّدٌ'), 'مغرد');
  assert.equal(normalizeArabic('الرَّحْمٰن'), 'الرحمن');
});

test('folds the alef forms أ إ آ ٱ to ا', () => {
  assert.equal(normalizeArabic('أإآٱا'), 'ااااا');
  assert.equal(normalizeArabic('إصلاح'), 'اصلاح');
});

test('folds ta marbuta to ha and alef maqsura to ya', () => {
  assert.equal(normalizeArabic('ساعة'), 'ساعه');
  assert.equal(normalizeArabic('إلى'), 'الي');
});

test('removes tatweel and folds hamza carriers, Persian yeh and keheh', () => {
  assert.equal(normalizeArabic('تـــويـتر'), 'تويتر');
  assert.equal(normalizeArabic('مؤسس'), 'موسس');
  assert.equal(normalizeArabic('قائمة'), 'قايمه');
  assert.equal(normalizeArabic('یک'), 'يك');
});

test('Arabic-Indic and Persian digits become Western digits', () => {
  assert.equal(normalizeArabic('٠١٢٣٤٥٦٧٨٩'), '0123456789');
  assert.equal(normalizeArabic('۰۱۲۳۴۵۶۷۸۹'), '0123456789');
  assert.equal(normalizeArabic('خلال ٢٤ ساعة'), 'خلال 24 ساعه');
});

test('presentation forms are folded by NFKC first', () => {
  assert.equal(normalizeArabic('\uFEFB'), 'لا'); // lam-alef ligature
});

test('searchForm lower-cases Latin and collapses whitespace', () => {
  assert.equal(searchForm('  Twitter   تويتر\n\tOUTAGE '), 'twitter تويتر outage');
});

test('hashtagKey drops the # (ASCII or full-width) and folds', () => {
  assert.equal(hashtagKey('#تُوِيتَر_معطل'), 'تويتر_معطل');
  assert.equal(hashtagKey('＃Outage'), 'outage');
  assert.equal(hashtagKey('تويتر'), hashtagKey('#تـويـتـر'));
});

test('Latin text is left alone apart from case', () => {
  assert.equal(normalizeArabic('Hello, World 123'), 'Hello, World 123');
});
