// Admin API: post incidents (or scheduled maintenance) and their updates.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { COMPONENT_IDS, type ComponentId } from '../components/catalog.js';
import type { StatusContext } from '../context.js';
import { StatusError } from '../http/errors.js';
import { presentIncident } from '../statuspage/presenter.js';
import { listComponents } from '../components/store.js';
import { IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES, type IncidentStatus } from './model.js';
import { getIncident } from './store.js';
import { getTemplate } from './templates.js';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Status = Type.Union([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES].map((s) => Type.Literal(s)));

const CreateBody = Type.Object(
  {
    // Taken from the template when one is named.
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    name: Type.Optional(Text(200)),
    name_ar: Type.Optional(Text(200)),
    body: Type.Optional(Text(5000)),
    body_ar: Type.Optional(Text(5000)),
    status: Type.Optional(Status),
    impact: Type.Optional(Type.Union(IMPACTS.map((s) => Type.Literal(s)))),
    components: Type.Optional(Type.Array(Type.Union(COMPONENT_IDS.map((s) => Type.Literal(s))), { maxItems: 20 })),
    scheduled_for: Type.Optional(Type.String({ format: 'date-time' })),
    scheduled_until: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

const UpdateBody = Type.Object(
  { status: Status, body: Text(5000), body_ar: Type.Optional(Text(5000)) },
  { additionalProperties: false },
);

/** The body with a named template's fields filled in where the body gives none. */
async function withTemplate(ctx: StatusContext, b: Static<typeof CreateBody>) {
  const t = b.template === undefined ? undefined : await getTemplate(ctx.db, b.template);
  if (b.template !== undefined && !t) throw new StatusError(422, 'template: no such incident template', { code: 'template_not_found' });
  const name = b.name ?? t?.name.en;
  const body = b.body ?? t?.body.en;
  if (name === undefined || body === undefined) throw new StatusError(422, 'name and body are required (or a template)', { code: 'name_and_body_required' });
  return {
    ...b,
    name,
    body,
    name_ar: b.name_ar ?? (b.name === undefined ? t?.name.ar : undefined),
    body_ar: b.body_ar ?? (b.body === undefined ? t?.body.ar : undefined),
    impact: b.impact ?? t?.impact,
    components: b.components ?? t?.components,
  };
}

function parseTime(value: string | undefined, field: string): number | null {
  if (value === undefined) return null;
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw new StatusError(422, `${field} must be an ISO 8601 time`, { code: 'invalid_time' });
  return t;
}

export function incidentRoutes(app: FastifyInstance, ctx: StatusContext): void {
  const present = async (id: string) => {
    const incident = (await getIncident(ctx.db, id))!;
    return presentIncident(incident, await listComponents(ctx.db), ctx.page, 'en');
  };

  app.post<{ Body: Static<typeof CreateBody> }>('/api/v1/incidents', { schema: { body: CreateBody } }, async (request, reply) => {
    await ctx.admin.require(request);
    const b = await withTemplate(ctx, request.body);
    const scheduledFor = parseTime(b.scheduled_for, 'scheduled_for');
    const scheduledUntil = parseTime(b.scheduled_until, 'scheduled_until');
    const maintenance = scheduledFor !== null;
    if (scheduledUntil !== null && (scheduledFor === null || scheduledUntil <= scheduledFor)) {
      throw new StatusError(422, 'scheduled_until must come after scheduled_for', { code: 'end_before_start' });
    }
    // Statuspage's scheduled maintenance has both ends, and this one completes itself at its end
    // (maintenance.ts): without scheduled_until it would show "under maintenance" until someone
    // remembered to close it by hand.
    if (maintenance && scheduledUntil === null) throw new StatusError(422, 'A maintenance needs scheduled_until (when it ends) as well as scheduled_for', { code: 'maintenance_needs_end' });
    // Without a start it would be filed as an open incident "investigating" a maintenance (the
    // admin page's maintenance form with its times left empty did exactly that).
    if (!maintenance && b.impact === 'maintenance') throw new StatusError(422, 'A maintenance needs scheduled_for (when it starts)', { code: 'maintenance_needs_start' });
    const status: IncidentStatus = b.status ?? (maintenance ? 'scheduled' : 'investigating');
    if (maintenance !== (MAINTENANCE_STATUSES as readonly string[]).includes(status)) {
      throw new StatusError(422, maintenance ? 'Maintenance status must be scheduled, in_progress, verifying or completed' : 'Incident status must be investigating, identified, monitoring, resolved or postmortem', { code: 'status_not_applicable' });
    }
    const incident = await ctx.incidents.create({
      kind: maintenance ? 'maintenance' : 'manual',
      name: { en: b.name, ar: b.name_ar ?? b.name },
      body: { en: b.body, ar: b.body_ar ?? b.body },
      status,
      impact: b.impact ?? (maintenance ? 'maintenance' : 'minor'),
      components: (b.components ?? []) as ComponentId[],
      scheduledFor,
      scheduledUntil,
    });
    return reply.code(201).send(await present(incident.id));
  });

  app.post<{ Params: { id: string }; Body: Static<typeof UpdateBody> }>(
    '/api/v1/incidents/:id/updates',
    { schema: { body: UpdateBody, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } },
    async (request, reply) => {
      await ctx.admin.require(request);
      const incident = await getIncident(ctx.db, request.params.id);
      if (!incident) throw new StatusError(404, 'Incident not found', { code: 'incident_not_found' });
      const maintenance = incident.kind === 'maintenance';
      if (maintenance !== (MAINTENANCE_STATUSES as readonly string[]).includes(request.body.status)) {
        throw new StatusError(422, `status ${request.body.status} does not apply to ${maintenance ? 'maintenance' : 'an incident'}`, { code: 'status_not_applicable' });
      }
      const b = request.body;
      await ctx.incidents.update(incident, { status: b.status, body: { en: b.body, ar: b.body_ar ?? b.body } });
      return reply.code(201).send(await present(incident.id));
    },
  );
}
