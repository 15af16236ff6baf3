// What a page says about itself, for its preview card: OpenGraph first, then Twitter-card meta,
// then plain HTML (<title>, meta description), and the oEmbed document it advertises, if any.
// htmlparser2 is a streaming, forgiving parser (it reads broken real-world HTML as browsers do,
// decodes entities in attributes and text) that can stop at the end of <head>: no regexes over
// HTML, and a page's body is never built into a tree.
import { Parser } from 'htmlparser2';

export interface PageMeta {
  title: string;
  description: string;
  image: string | null;
  imageDescription: string;
  siteName: string;
  authorName: string;
  language: string | null;
  /** A JSON oEmbed document the page advertises, resolved against the page. */
  oembed: string | null;
}

const MAX_TITLE = 250;
const MAX_DESCRIPTION = 1000;

export function readPageMeta(html: string, pageUrl: string): PageMeta {
  const meta = new Map<string, string>();
  let title = '';
  let inTitle = false;
  let language: string | null = null;
  let oembed: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'html' && attributes.lang) language = attributes.lang.trim().slice(0, 16) || null;
        else if (name === 'title' && !title) inTitle = true;
        else if (name === 'meta') {
          const key = (attributes.property ?? attributes.name ?? '').trim().toLowerCase();
          // The first value of a key wins (og:image may repeat; the first is the main one).
          if (key && attributes.content !== undefined && !meta.has(key)) meta.set(key, attributes.content);
        } else if (name === 'link' && oembed === null) {
          const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/);
          if (rel.includes('alternate') && (attributes.type ?? '').toLowerCase() === 'application/json+oembed' && attributes.href) oembed = absolute(attributes.href, pageUrl);
        } else if (name === 'body') parser.pause();
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        // Everything a card needs is in the head.
        else if (name === 'head') parser.pause();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const pick = (...keys: string[]) => keys.map((k) => meta.get(k)?.trim()).find((v) => v) ?? '';
  const image = pick('og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src');
  return {
    title: clip(pick('og:title', 'twitter:title') || title.trim(), MAX_TITLE),
    description: clip(pick('og:description', 'twitter:description', 'description'), MAX_DESCRIPTION),
    image: image ? absolute(image, pageUrl) : null,
    imageDescription: clip(pick('og:image:alt', 'twitter:image:alt'), MAX_DESCRIPTION),
    siteName: clip(pick('og:site_name', 'application-name'), MAX_TITLE),
    authorName: clip(pick('author', 'article:author', 'twitter:creator'), MAX_TITLE),
    language,
    oembed,
  };
}

/** An http(s) URL resolved against the page, or null. */
export function absolute(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function dimension(text: string): number {
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) && n > 0 && n < 100_000 ? n : 0;
}

/** Whitespace collapsed, at most `max` characters (never half a surrogate pair). */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}

export interface EmbedMeta {
  type: 'link' | 'photo' | 'video' | 'rich';
  title: string;
  authorName: string;
  authorUrl: string;
  providerName: string;
  providerUrl: string;
  html: string;
  width: number;
  height: number;
  /** photo: the image itself; others: the thumbnail. */
  image: string | null;
}

/**
 * An oEmbed document's fields. Its `html` is the provider's to write: only an iframe is kept,
 * rebuilt from its http(s) src and size, sandboxed (as Mastodon keeps only an iframe).
 */
export function readOembed(json: string, base: string): EmbedMeta | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object') return undefined;
  const text = (key: string, max = MAX_TITLE) => (typeof doc[key] === 'string' ? clip(doc[key] as string, max) : '');
  const size = (key: string) => dimension(String(doc[key] ?? ''));
  const declared = text('type');
  const type = declared === 'photo' || declared === 'video' || declared === 'rich' ? declared : 'link';
  const url = (key: string) => (typeof doc[key] === 'string' ? absolute(doc[key] as string, base) : null);
  const iframe = type === 'video' || type === 'rich' ? iframeOf(typeof doc.html === 'string' ? doc.html : '', size('width'), size('height')) : '';
  return {
    // An embed without a usable iframe is shown as a link.
    type: (type === 'video' || type === 'rich') && !iframe ? 'link' : type,
    title: text('title'),
    authorName: text('author_name'),
    authorUrl: url('author_url') ?? '',
    providerName: text('provider_name'),
    providerUrl: url('provider_url') ?? '',
    html: iframe,
    width: size('width'),
    height: size('height'),
    image: type === 'photo' ? url('url') : url('thumbnail_url'),
  };
}

function iframeOf(html: string, width: number, height: number): string {
  let src: string | null = null;
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'iframe' && src === null && attributes.src) src = absolute(attributes.src, 'https://invalid.invalid/');
    },
  });
  parser.write(html.slice(0, 10_000));
  parser.end();
  if (src === null || (src as string).startsWith('https://invalid.invalid/')) return '';
  const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const sized = `${width ? ` width="${width}"` : ''}${height ? ` height="${height}"` : ''}`;
  return `<iframe src="${attr(src)}"${sized} frameborder="0" allowfullscreen="true" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>`;
}
