// The language a new post is tagged with (Status.language), when the client does not say.
import twitterText from 'twitter-text';

const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/g;
const LATIN_LETTER = /[A-Za-z]/g;

/**
 * The post's own words: links and @mentions are written in Latin letters whatever language the
 * post is in, so an Arabic sentence with one link must not be counted as English.
 */
function ownWords(text: string): string {
  let words = text;
  for (const url of twitterText.extractUrls(text)) words = words.replace(url, ' ');
  // Local and remote (@name@domain) alike; twitter-text leaves the remote ones out.
  return words.replace(/@[A-Za-z0-9_]+(?:@[A-Za-z0-9.-]+)?/g, ' ');
}

/** By which script most of the post's own letters are in; null when it has none (emoji, links). */
export function guessLanguage(text: string): string | null {
  const words = ownWords(text);
  const arabic = words.match(ARABIC_LETTER)?.length ?? 0;
  const latin = words.match(LATIN_LETTER)?.length ?? 0;
  if (arabic === 0 && latin === 0) return null;
  return arabic >= latin ? 'ar' : 'en';
}

/**
 * What the client sent; else the posting language the author chose (source[language] in their
 * settings: a choice wins over any guess); else what the text's own words are written in; else,
 * for a post with no words (emoji, a bare link), the author's interface language.
 */
export function postLanguage(given: string | undefined, author: { chosen: string | null; locale: string | null }, text: string): string | null {
  if (given) return given.toLowerCase();
  return author.chosen || guessLanguage(text) || author.locale || null;
}
