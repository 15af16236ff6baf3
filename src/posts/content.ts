// Turns a post's plain text into Mastodon's safe HTML. Everything the author typed is escaped;
// the only markup is what we add around twitter-text's entities (hashtags, mentions, links).
import twitterText from 'twitter-text';
import { hashtagKey } from '../lib/arabic.js';
import { withoutBidiControls, withoutDeceptiveCharacters } from '../lib/deceptive-text.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface ParsedText {
  hashtags: string[];
  mentions: string[];
  urls: string[];
  weightedLength: number;
}

// twitter-text's own v3 weighting, exactly as Twitter counts: letters below U+1100 (Latin and
// Arabic alike) weigh 1, CJK and emoji 2, a link 23. The web composer uses the same table
// (web/src/lib/weighting.ts), checked equal by test/e2e-web/counter.test.ts.
const WEIGHTING = (twitterText as unknown as { configs: { version3: twitterText.ParseTweetOptions } }).configs.version3;

/**
 * Whether `text` has more than `max` code points, without parsing it: twitter-text is quadratic
 * on some inputs (thousands of "ع." take seconds), so the raw bound is checked first.
 */
export function exceedsRawLength(text: string, max: number): boolean {
  if (text.length <= max) return false;
  if (text.length > max * 2) return true;
  let codePoints = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) i++;
    if (++codePoints > max) return true;
  }
  return false;
}

export function weightedLength(text: string): number {
  return twitterText.parseTweet(text, WEIGHTING).weightedLength;
}

// twitter-text links only hosts under a top-level domain it knows: on a community server on a
// LAN (http://192.168.1.10:3000, http://sirb.local) the links to its own posts stayed plain text
// and the "@name" in their paths became mentions (notifying that person). A link written with its
// scheme is a link whatever its host; what it overlaps (that @name, a #fragment) is part of it.
const SCHEMED_URL = /\bhttps?:\/\/[^\s<>"'()]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?\u060c\u061b\u061f]+$/u;

function entitiesOf(text: string): twitterText.EntityWithIndices[] {
  const entities = twitterText.extractEntitiesWithIndices(text);
  const schemed: twitterText.EntityWithIndices[] = [];
  for (const match of text.matchAll(SCHEMED_URL)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index;
    const end = start + url.length;
    if (!/^https?:\/\/[^/?#]+/i.test(url)) continue;
    if (entities.some((e) => 'url' in e && e.indices[0] <= start && e.indices[1] >= end)) continue;
    schemed.push({ url, indices: [start, end] } as twitterText.EntityWithIndices);
  }
  if (schemed.length === 0) return entities;
  const overlaps = (a: twitterText.EntityWithIndices, b: twitterText.EntityWithIndices) => a.indices[0] < b.indices[1] && b.indices[0] < a.indices[1];
  return [...entities.filter((e) => !schemed.some((u) => overlaps(e, u))), ...schemed].sort((a, b) => a.indices[0] - b.indices[0]);
}

export function parseText(text: string): ParsedText {
  const entities = entitiesOf(text);
  const hashtags: string[] = [];
  const seenTags = new Set<string>();
  const mentions: string[] = [];
  const urls: string[] = [];
  for (const e of entities) {
    if ('hashtag' in e) {
      const key = hashtagKey(e.hashtag);
      if (!seenTags.has(key)) {
        seenTags.add(key);
        hashtags.push(e.hashtag);
      }
    } else if ('screenName' in e) {
      if (!mentions.includes(e.screenName.toLowerCase())) mentions.push(e.screenName.toLowerCase());
    } else if ('url' in e) {
      urls.push(e.url);
    }
  }
  return { hashtags, mentions, urls, weightedLength: weightedLength(text) };
}

export interface RenderLinks {
  publicUrl: string;
  /** Lower-cased usernames that exist here; other @names stay plain text. */
  knownMentions: Set<string>;
}

const LINK_TEXT_MAX = 30;

/**
 * What a link shows: its host, always whole (a host cut short can read as another one:
 * "accounts.google.com.sign-in.evil.com" cut at 30 shows a Google host), then as much of the
 * rest as fits, never an invisible or reordering character.
 */
function linkText(raw: string): string {
  const shown = withoutDeceptiveCharacters(raw.replace(/^https?:\/\/(www\.)?/i, ''));
  const hostEnd = shown.search(/[/?#]/);
  if (hostEnd < 0) return shown;
  const room = Math.max(LINK_TEXT_MAX - hostEnd, 1);
  const rest = shown.slice(hostEnd);
  return shown.slice(0, hostEnd) + (rest.length > room ? `${rest.slice(0, room)}…` : rest);
}

function linkFor(entity: twitterText.EntityWithIndices, text: string, links: RenderLinks): string {
  const original = escapeHtml(text.slice(entity.indices[0], entity.indices[1]));
  if ('hashtag' in entity) {
    const href = `${links.publicUrl}/tags/${encodeURIComponent(hashtagKey(entity.hashtag))}`;
    return `<a href="${href}" class="mention hashtag" rel="tag">#<span>${escapeHtml(entity.hashtag)}</span></a>`;
  }
  if ('screenName' in entity) {
    if (!links.knownMentions.has(entity.screenName.toLowerCase())) return original;
    const href = `${links.publicUrl}/@${encodeURIComponent(entity.screenName)}`;
    return `<span class="h-card" translate="no"><a href="${href}" class="u-url mention">@<span>${escapeHtml(entity.screenName)}</span></a></span>`;
  }
  if ('url' in entity) {
    const raw = entity.url;
    const href = /^https?:\/\//i.test(raw) ? raw : `http://${raw}`;
    if (!/^https?:\/\/[^\s"<>]+$/i.test(href)) return original;
    // user:pass@host puts a trusted-looking name before the real host: not made a link.
    if (/^https?:\/\/[^/?#]*@/i.test(href)) return original;
    // dir="ltr" isolates the link text from the text around it (HTML gives an element with dir
    // unicode-bidi: isolate), so nothing before it can reverse it.
    return `<a href="${escapeHtml(href)}" target="_blank" rel="nofollow noopener noreferrer" translate="no" dir="ltr">${escapeHtml(linkText(raw))}</a>`;
  }
  return original;
}

export function renderContent(source: string, links: RenderLinks): string {
  // An override anywhere before a link would reverse the link's text in clients that drop
  // dir="ltr": posts lose them (the bidi algorithm orders Arabic and Latin by itself).
  const text = withoutBidiControls(source);
  const entities = entitiesOf(text);
  let html = '';
  let cursor = 0;
  for (const entity of entities) {
    html += escapeHtml(text.slice(cursor, entity.indices[0]));
    html += linkFor(entity, text, links);
    cursor = entity.indices[1];
  }
  html += escapeHtml(text.slice(cursor));
  const paragraphs = html
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/\n/g, '<br />')}</p>`);
  return paragraphs.join('');
}
