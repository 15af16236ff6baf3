// Folding used at index and at query time so that a search ignores the differences Arabic
// writers do not mean: short vowels (tashkeel), tatweel, the hamza forms of alef, ta marbuta vs
// ha, alef maqsura vs ya, and Arabic-Indic vs Western digits.
const TASHKEEL = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]/g;
const TATWEEL = /\u0640/g;
const ALEF_FORMS = /[\u0622\u0623\u0625\u0671\u0672\u0673]/g; // آ أ إ ٱ ٲ ٳ -> ا
const TA_MARBUTA = /\u0629/g; // ة -> ه
const ALEF_MAQSURA = /\u0649/g; // ى -> ي
const FARSI_YEH = /\u06CC/g; // ی -> ي
const KEHEH = /\u06A9/g; // ک -> ك
const HAMZA_ON_WAW = /\u0624/g; // ؤ -> و
const HAMZA_ON_YA = /\u0626/g; // ئ -> ي

function foldDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

export function normalizeArabic(text: string): string {
  return foldDigits(
    text
      .normalize('NFKC')
      .replace(TASHKEEL, '')
      .replace(TATWEEL, '')
      .replace(ALEF_FORMS, '\u0627')
      .replace(TA_MARBUTA, '\u0647')
      .replace(ALEF_MAQSURA, '\u064A')
      .replace(FARSI_YEH, '\u064A')
      .replace(KEHEH, '\u0643')
      .replace(HAMZA_ON_WAW, '\u0648')
      .replace(HAMZA_ON_YA, '\u064A'),
  );
}

/** The form stored for search: Arabic-folded, lower-cased, whitespace collapsed. */
export function searchForm(text: string): string {
  return normalizeArabic(text).toLocaleLowerCase('en-US').replace(/\s+/g, ' ').trim();
}

/** The key a hashtag is matched by, so #تويتر and #تُويتر are one tag. */
export function hashtagKey(tag: string): string {
  return searchForm(tag.replace(/^[#＃]/, ''));
}
