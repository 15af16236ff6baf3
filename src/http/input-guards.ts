// Two kinds of input that get past the route schemas and then failed deep in a query as a 500
// (both found by test/http/fuzz.test.ts), refused here for every route at once:
//
// - Text with U+0000. PostgreSQL's text type cannot hold it, so on that backend any lookup or
//   write carrying one failed; SQLite stored it, so the backends also disagreed. No client has a
//   reason to send it.
// - Numbers that are not finite. Ajv coerces "Infinity" or "1e400" in a query to Infinity and
//   then skips the keywords after the type (`maximum: 40` lets it through), so `limit=Infinity`
//   reached SQL ("invalid input syntax for type bigint"). Checked after validation: a number
//   there is one a schema asked for, while the text "Infinity" stays a fine search query.
//
// Answered like other bad input: in the path 404 (cannot exist), in a query 400, in a body 422.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

// Request objects are at most qs's depth (3) deep; JSON bodies may nest further, but nothing
// below this depth is read by any route, so the walk stops there (and cannot overflow the stack).
const MAX_DEPTH = 16;

type Bad = (value: unknown) => boolean;

/** The dotted path of the first value `bad` refuses, or undefined. Files are not looked into. */
function find(value: unknown, bad: Bad, where = '', depth = 0): string | undefined {
  if (bad(value)) return where || 'value';
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return undefined;
  // Multipart file parts (kept whole by body-parsing.ts) and buffers are bytes, not input.
  if (Buffer.isBuffer(value) || (value as { type?: unknown }).type === 'file') return undefined;
  const entries = Array.isArray(value) ? value.map((item): [string, unknown] => ['', item]) : Object.entries(value);
  for (const [key, item] of entries) {
    const path = !key ? where : where ? `${where}.${key}` : key;
    if (bad(key)) return path;
    const found = find(item, bad, path, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const hasNul: Bad = (value) => typeof value === 'string' && value.includes('\u0000');
const notFinite: Bad = (value) => typeof value === 'number' && !Number.isFinite(value);

function refuse(request: FastifyRequest, bad: Bad, what: string): void {
  if (find(request.params, bad)) throw new ApiError(404, 'Record not found');
  const inQuery = find(request.query, bad);
  if (inQuery) throw new ApiError(400, `Validation failed: ${inQuery} ${what}`);
  const inBody = find(request.body, bad);
  if (inBody) throw new ApiError(422, `Validation failed: ${inBody} ${what}`);
}

export function installInputGuards(app: FastifyInstance): void {
  // Registered after body parsing's own preValidation hook, which folds multipart fields.
  app.addHook('preValidation', async (request) => refuse(request, hasNul, 'contains a NUL character'));
  app.addHook('preHandler', async (request) => refuse(request, notFinite, 'must be a finite number'));
}
