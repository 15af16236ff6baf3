// The language a post's own words are written in, by script, as the server guesses it
// (src/posts/language.ts): links and @mentions are Latin whatever the language, so they do not count.
const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/g;
const LATIN_LETTER = /[A-Za-z]/g;
const LINK = /\bhttps?:\/\/\S+/gi;
const MENTION = /@[A-Za-z0-9_]+(?:@[A-Za-z0-9.-]+)?/g;

export function guessLanguage(text: string): 'ar' | 'en' | null {
  const words = text.replace(LINK, ' ').replace(MENTION, ' ');
  const arabic = words.match(ARABIC_LETTER)?.length ?? 0;
  const latin = words.match(LATIN_LETTER)?.length ?? 0;
  if (arabic === 0 && latin === 0) return null;
  return arabic >= latin ? 'ar' : 'en';
}
