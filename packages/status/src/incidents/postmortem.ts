// Postmortems: once an incident is resolved, an admin publishes what happened and what will change
// (PUT /api/v1/incidents/:id/postmortem). The first publication is an incident update ("Postmortem"),
// so the feeds and webhooks announce it; later edits rewrite the text quietly.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { listComponents } from '../components/store.js';
import type { StatusContext } from '../context.js';
import { StatusError } from '../http/errors.js';
import { presentIncident } from '../statuspage/presenter.js';
import { isClosed } from './model.js';
import { getIncident, setPostmortem } from './store.js';

const PostmortemBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 50_000 }), body_ar: Type.Optional(Type.String({ minLength: 1, maxLength: 50_000 })) },
  { additionalProperties: false },
);

const PUBLISHED = { en: 'A postmortem of this incident is published.', ar: 'نُشر تحليل ما بعد هذا الحادث.' };

export function postmortemRoutes(app: FastifyInstance, ctx: StatusContext): void {
  app.put<{ Params: { id: string }; Body: Static<typeof PostmortemBody> }>(
    '/api/v1/incidents/:id/postmortem',
    { schema: { body: PostmortemBody, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } },
    async (request) => {
      await ctx.admin.require(request);
      const incident = await getIncident(ctx.db, request.params.id);
      if (!incident) throw new StatusError(404, 'Incident not found');
      if (incident.kind === 'maintenance') throw new StatusError(422, 'Maintenance has no postmortem');
      if (!isClosed(incident.status)) throw new StatusError(409, 'Publish the postmortem once the incident is resolved');
      const first = !incident.postmortem;
      await setPostmortem(ctx.db, incident, { en: request.body.body, ar: request.body.body_ar ?? request.body.body }, ctx.clock());
      if (first) await ctx.incidents.update((await getIncident(ctx.db, incident.id))!, { status: 'postmortem', body: PUBLISHED });
      return presentIncident((await getIncident(ctx.db, incident.id))!, await listComponents(ctx.db), ctx.page, 'en');
    },
  );
}
