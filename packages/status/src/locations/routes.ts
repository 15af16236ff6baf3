// POST /api/v1/agent/results: signed results from probe agents (see signature.ts).
// GET /api/v1/locations: every location's state and its latest result per component.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { COMPONENT_IDS } from '../components/catalog.js';
import type { StatusContext } from '../context.js';
import { StatusError } from '../http/errors.js';
import { BACKLOG_MAX_AGE_MS, BACKLOG_MAX_ENTRIES } from './backlog.js';
import { AGENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';

const Results = Type.Array(
  Type.Object(
    {
      component: Type.Union(COMPONENT_IDS.map((id) => Type.Literal(id))),
      ok: Type.Boolean(),
      latency_ms: Type.Number({ minimum: 0, maximum: 3_600_000 }),
      throttled: Type.Optional(Type.Boolean()),
      error: Type.Optional(Type.String({ maxLength: 1000 })),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: COMPONENT_IDS.length },
);

const Push = Type.Object(
  {
    location: Type.String({ minLength: 1, maxLength: 64 }),
    interval_s: Type.Number({ minimum: 0.1, maximum: 3600 }),
    timeout_s: Type.Optional(Type.Number({ minimum: 0, maximum: 600 })),
    results: Results,
    // Cycles an earlier push could not deliver (the agent's backlog.ts), each with how long ago it ran.
    backlog: Type.Optional(
      Type.Array(Type.Object({ age_ms: Type.Integer({ minimum: 0, maximum: BACKLOG_MAX_AGE_MS }), results: Results }, { additionalProperties: false }), { maxItems: BACKLOG_MAX_ENTRIES }),
    ),
  },
  { additionalProperties: false },
);

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function locationRoutes(app: FastifyInstance, ctx: StatusContext): void {
  app.get('/api/v1/locations', async (request, reply) => {
    reply.header('cache-control', 'no-cache').header('access-control-allow-origin', '*');
    return { quorum: ctx.config.locations.quorum ?? 'majority', locations: ctx.locations.present() };
  });

  // Its own scope: the signature covers the exact bytes, so the body is taken as a string here.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post('/api/v1/agent/results', async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const { agent } = ctx.locations.authenticate(header(request.headers[AGENT_HEADER]), header(request.headers[TIMESTAMP_HEADER]), body, header(request.headers[SIGNATURE_HEADER]));
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new StatusError(400, 'Body is not JSON');
      }
      if (!Value.Check(Push, parsed)) {
        const first = Value.Errors(Push, parsed).First();
        throw new StatusError(422, `Invalid results${first ? `: ${first.path || '/'} ${first.message}` : ''}`);
      }
      await ctx.locations.ingest(agent, parsed as Static<typeof Push>);
      return reply.code(202).send({ ok: true });
    });
  });
}
