// Characters that make text show something other than what it is, taken out of the names and
// link text people trust (issue 10, finding 19):
// - bidi embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069): an override
//   reverses what follows ("gnp.exe" shown as "exe.png"). Arabic, Persian and Hebrew need none
//   of them: the Unicode bidi algorithm orders mixed text by itself, and the marks that merely
//   nudge it (U+200E LRM, U+200F RLM, U+061C ALM) stay.
// - invisible characters: zero width space (U+200B), word joiner (U+2060), the byte order mark
//   (U+FEFF), the invisible math operators (U+2061-U+2064) and U+180E, which make two names that
//   look alike differ (or hide what a name contains).
// ZWNJ (U+200C) and ZWJ (U+200D) stay: Persian writes with ZWNJ ("می‌خواهم"), and emoji
// sequences (👩‍💻) and several Indic scripts need ZWJ.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const INVISIBLE = /[\u200B\u2060-\u2064\uFEFF\u180E]/g;

/** Without bidi embeddings, overrides and isolates (they reorder what follows them). */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** Without bidi controls and invisible characters: for names and link text. */
export function withoutDeceptiveCharacters(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(INVISIBLE, '');
}
