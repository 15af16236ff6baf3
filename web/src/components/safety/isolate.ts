// A name inside a plain-text sentence (a live-region message, an aria-label), wrapped in
// Unicode first-strong isolates: the plain-text twin of <bdi>, so a Latin name keeps an Arabic
// sentence's order and the reverse.
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
