// Mastodon's keyset pagination: max_id (older than), since_id (newer than, newest first),
// min_id (immediately newer than, oldest first), limit; and the Link header that points on.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PageQuery } from './schemas.js';

export interface Page {
  maxId?: number;
  sinceId?: number;
  minId?: number;
  limit: number;
}

/** The page a validated query asks for (PageQuery's cursors are digits; an empty one is none). */
export function pageOf(query: PageQuery, defaultLimit = 20, maxLimit = 40): Page {
  return {
    maxId: query.max_id ? Number(query.max_id) : undefined,
    sinceId: query.since_id ? Number(query.since_id) : undefined,
    minId: query.min_id ? Number(query.min_id) : undefined,
    limit: Math.min(query.limit ?? defaultLimit, maxLimit),
  };
}

const CURSOR_PARAMS = new Set(['max_id', 'since_id', 'min_id']);
/** A path that a URL parser would leave as it is (no dot segments, nothing to escape). */
const PLAIN_PATH = /^(?:\/(?!\.)[A-Za-z0-9\-._~%!$&'()*+,;=:@]*)+$/;

/**
 * Sets the Link header from the page's cursor ids. `ids` are the cursor values of the rows on
 * the page, newest first (for notifications or favourites these are not the statuses' own ids).
 * Every timeline read sets one, so the common case (a plain path) is built without a URL parser.
 */
export function setLinkHeader(
  request: FastifyRequest,
  reply: FastifyReply,
  publicUrl: string,
  ids: number[],
): void {
  if (ids.length === 0) return;
  const query = request.url.indexOf('?');
  const rawPath = query === -1 ? request.url : request.url.slice(0, query);
  const path = PLAIN_PATH.test(rawPath) ? rawPath : new URL(rawPath, publicUrl).pathname;
  let kept = '';
  if (query !== -1) {
    const keep = new URLSearchParams();
    for (const [key, value] of new URLSearchParams(request.url.slice(query + 1))) {
      if (!CURSOR_PARAMS.has(key)) keep.append(key, value);
    }
    kept = keep.toString();
  }
  const base = `${publicUrl}${path}?${kept ? `${kept}&` : ''}`;
  reply.header('Link', `<${base}max_id=${ids[ids.length - 1]}>; rel="next", <${base}min_id=${ids[0]}>; rel="prev"`);
}
