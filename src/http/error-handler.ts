import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import { isAppRoute, sendAppShell } from '../web.js';
import { UNAVAILABLE, unavailabilityOf, type Unavailability } from '../db/availability.js';

/** Requests answered 503 because the database was unavailable, and why (counted on /metrics). */
export const answeredUnavailable = new WeakMap<FastifyRequest, Unavailability>();

function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return error.message;
  const where = first.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  if (missing) return `Validation failed: ${missing} is missing`;
  return `Validation failed: ${where ? `${where} ` : ''}${first.message ?? 'is invalid'}`;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler(async (request, reply) => {
    if (isAppRoute(request)) return sendAppShell(reply);
    return reply.code(404).send({ error: 'Not found' });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      const body: Record<string, unknown> = { error: error.message };
      if (error.description) body.error_description = error.description;
      // Validation errors name each field that is wrong (Mastodon's 422 "details").
      if (error.details) body.details = error.details;
      return reply.code(error.statusCode).send(body);
    }
    if (error.validation) {
      // A path id (or tag name) that cannot exist is as unknown as one that does not.
      if (error.validationContext === 'params') return reply.code(404).send({ error: 'Record not found' });
      // Mastodon answers a bad body with 422 and a bad query with 400.
      const status = error.validationContext === 'body' ? 422 : 400;
      return reply.code(status).send({ error: validationMessage(error) });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: error.message });
    }
    // The database cannot serve this now (down, overloaded, slow, read-only, full): not the
    // request's fault and not a bug, and it will pass. Clients and the web app's outbox retry.
    const unavailable = unavailabilityOf(error);
    if (unavailable) {
      request.log.warn({ err: error, reason: unavailable }, 'database unavailable');
      answeredUnavailable.set(request, unavailable);
      reply.header('Retry-After', String(UNAVAILABLE[unavailable].retryAfter));
      return reply.code(503).send({ error: UNAVAILABLE[unavailable].message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: 'Internal server error' });
  });
}
