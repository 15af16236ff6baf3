// The language a request asks for, the same way everywhere ?lang= is taken (docs/status.md,
// "Languages"): ar or en in any case. When it names neither, the HTML pages, which people reach by
// links, fall back as if it were absent; the machine answers (the /api/v2 JSON, badges, feeds)
// refuse it with 422, so a typo in an embed or a client is seen instead of quietly answered in
// the other language.
import type { FastifyRequest } from 'fastify';
import { parseLang, type Lang } from '../i18n.js';
import { StatusError } from './errors.js';

export const BAD_LANG = 'lang must be ar or en';

const asked = (request: FastifyRequest) => parseLang((request.query as { lang?: unknown } | undefined)?.lang);

/** For HTML pages: ?lang= wins; else the first of ar/en in Accept-Language; else Arabic. */
export function pageLang(request: FastifyRequest): Lang {
  const lang = asked(request);
  if (lang) return lang;
  for (const part of (request.headers['accept-language'] ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'ar' || tag === 'en') return tag;
  }
  return 'ar';
}

/** For JSON, SVG and feeds: ?lang= or the endpoint's default; any other value is a 422. */
export function apiLang(request: FastifyRequest, fallback: Lang): Lang {
  const lang = asked(request);
  if (lang === null) throw new StatusError(422, BAD_LANG);
  return lang ?? fallback;
}
