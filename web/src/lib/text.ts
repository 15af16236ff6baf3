// The same weighted length the server checks (twitter-text's parseTweet with Sirb's weighting),
// and the ranges of hashtags and mentions for the composer's highlighting.
import parseTweet from 'twitter-text/dist/esm/parseTweet';
import extractHashtagsWithIndices from 'twitter-text/dist/esm/extractHashtagsWithIndices';
import extractMentionsWithIndices from 'twitter-text/dist/esm/extractMentionsWithIndices';
import { WEIGHTING } from './weighting';

export function weightedLength(text: string): number {
  return parseTweet(text, WEIGHTING).weightedLength;
}

export interface Segment {
  text: string;
  kind?: 'hashtag' | 'mention';
}

/** Splits text into plain runs and entity runs (UTF-16 indices, as twitter-text's JS returns). */
export function segments(text: string): Segment[] {
  const entities = [
    ...extractHashtagsWithIndices(text).map((e) => ({ start: e.indices[0], end: e.indices[1], kind: 'hashtag' as const })),
    ...extractMentionsWithIndices(text).map((e) => ({ start: e.indices[0], end: e.indices[1], kind: 'mention' as const })),
  ].sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const e of entities) {
    if (e.start < at) continue;
    if (e.start > at) out.push({ text: text.slice(at, e.start) });
    out.push({ text: text.slice(e.start, e.end), kind: e.kind });
    at = e.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}
