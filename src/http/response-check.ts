// A check that every answer matches its route's response schema, on in tests and when
// SIRB_CHECK_RESPONSES is set. It matters because Fastify serialises with the schema: a field
// the presenter adds but the schema lacks would silently vanish from the answer, and timeline
// pages (bytes encoded beforehand, sent without serialising) would drift from the document
// unnoticed. Entities are strict (additionalProperties: false), so either shows up here as a
// 500 naming the route and the field, which every API test then fails on.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import { ENTITIES } from './entities/index.js';
import { ApiError } from './errors.js';

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;
const DATE = /^\d{4}-\d\d-\d\d$/;

export function installResponseCheck(app: FastifyInstance): void {
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { 'date-time': DATE_TIME, date: DATE } });
  for (const entity of ENTITIES) ajv.addSchema(entity);
  const compiled = new Map<unknown, ValidateFunction>();

  const schemaFor = (request: FastifyRequest, reply: FastifyReply): ValidateFunction | undefined => {
    const responses = request.routeOptions.schema?.response as Record<string, Record<string, unknown>> | undefined;
    if (!responses) return undefined;
    const code = String(reply.statusCode);
    const schema = responses[code] ?? responses[`${code[0]}xx`] ?? responses[`${code[0]}XX`] ?? responses.default;
    // Answers of another media type (HTML pages, event streams) are not JSON to check.
    if (!schema || schema.content) return undefined;
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    return validate;
  };

  const check = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const validate = schemaFor(request, reply);
    if (!validate || validate(payload)) return;
    const where = `${request.method} ${request.routeOptions.url} (${reply.statusCode})`;
    throw new ApiError(500, `Response does not match its schema: ${where}: ${ajv.errorsText(validate.errors)}`);
  };

  app.addHook('preSerialization', async (request, reply, payload) => {
    check(request, reply, payload);
    return payload;
  });
  // Bytes encoded beforehand skip serialisation (and preSerialization): parse and check them.
  app.addHook('onSend', async (request, reply, payload) => {
    if (Buffer.isBuffer(payload) && String(reply.getHeader('content-type')).includes('json')) {
      check(request, reply, JSON.parse(payload.toString('utf8')));
    }
    return payload;
  });
}
