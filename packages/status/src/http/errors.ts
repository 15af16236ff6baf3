// Errors with an HTTP status, thrown by services and turned into {"error": "..."} in one place.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { ErrorCode } from './error-codes.js';

export class StatusError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** code: a stable name for the error (error-codes.ts), sent beside the English text. */
    readonly extra: { retryAfter?: number; code?: ErrorCode } = {},
  ) {
    super(message);
    this.name = 'StatusError';
  }
}

/** notFoundPage: the HTML 404 for a person's browser (web/not-found-page.ts), or undefined where
 *  the JSON error is right; passed in so this file needs nothing from the pages. */
export function installErrorHandler(app: FastifyInstance, notFoundPage: (request: FastifyRequest) => string | undefined = () => undefined): void {
  app.setNotFoundHandler((request, reply) => {
    const page = notFoundPage(request);
    if (page) return reply.code(404).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
    return reply.code(404).send({ error: 'Not found' });
  });
  app.setErrorHandler((error: FastifyError | StatusError, request, reply) => {
    if (error instanceof StatusError) {
      if (error.extra.retryAfter) reply.header('retry-after', String(error.extra.retryAfter));
      return reply.code(error.statusCode).send({ error: error.message, ...(error.extra.code ? { code: error.extra.code } : {}) });
    }
    if ((error as FastifyError).validation) {
      return reply.code(422).send({ error: `Invalid request: ${validationMessage(error as FastifyError)}`, code: 'invalid_request' satisfies ErrorCode });
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: 'Internal server error', code: 'internal_error' satisfies ErrorCode });
  });
}

// Ajv reports a union of literals (TypeBox's Union([Literal…])) as one "must be equal to constant"
// per member, plus "must be string" and "must match a schema in anyOf": say once which values are
// allowed, and say every other complaint once.
function validationMessage(error: FastifyError): string {
  const context = error.validationContext ?? 'body';
  const allowed = new Map<string, unknown[]>();
  const other: string[] = [];
  for (const item of error.validation ?? []) {
    const where = `${context}${item.instancePath}`;
    if (item.keyword === 'const') allowed.set(where, [...(allowed.get(where) ?? []), (item.params as { allowedValue?: unknown }).allowedValue]);
  }
  for (const item of error.validation ?? []) {
    const where = `${context}${item.instancePath}`;
    if (allowed.has(where) && ['const', 'type', 'anyOf'].includes(item.keyword)) continue;
    const text = `${where} ${item.message ?? 'is invalid'}`;
    if (!other.includes(text)) other.push(text);
  }
  const parts = [...[...allowed].map(([where, values]) => `${where} must be one of: ${values.map(String).join(', ')}`), ...other];
  return parts.length ? parts.join('; ') : error.message;
}
