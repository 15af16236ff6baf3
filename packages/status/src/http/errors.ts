// Errors with an HTTP status, thrown by services and turned into {"error": "..."} in one place.
import type { FastifyError, FastifyInstance } from 'fastify';

export class StatusError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly extra: { retryAfter?: number } = {},
  ) {
    super(message);
    this.name = 'StatusError';
  }
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'Not found' });
  });
  app.setErrorHandler((error: FastifyError | StatusError, request, reply) => {
    if (error instanceof StatusError) {
      if (error.extra.retryAfter) reply.header('retry-after', String(error.extra.retryAfter));
      return reply.code(error.statusCode).send({ error: error.message });
    }
    if ((error as FastifyError).validation) {
      return reply.code(422).send({ error: `Invalid request: ${error.message}` });
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: 'Internal server error' });
  });
}
