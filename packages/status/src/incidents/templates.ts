// Incident templates: an admin's prepared title, first update and scope for outages that recur
// ("Database unavailable"), so an incident is opened in seconds and worded the same in both
// languages. POST /api/v1/incidents {template: id} starts from one; any field given wins.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { COMPONENT_IDS, type ComponentId } from '../components/catalog.js';
import type { StatusContext } from '../context.js';
import { StatusError } from '../http/errors.js';
import { newId } from '../ids.js';
import type { StatusDb } from '../store/database.js';
import type { IncidentTemplateTable } from '../store/schema.js';
import { IMPACTS, type Impact } from './model.js';

export interface IncidentTemplate {
  id: string;
  /** What the admin calls it in the list. */
  title: string;
  name: { en: string; ar: string };
  body: { en: string; ar: string };
  impact: Impact;
  components: ComponentId[];
  createdAt: number;
}

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
export const TemplateBody = Type.Object(
  {
    title: Text(200),
    name: Text(200),
    name_ar: Type.Optional(Text(200)),
    body: Text(5000),
    body_ar: Type.Optional(Text(5000)),
    impact: Type.Optional(Type.Union(IMPACTS.map((s) => Type.Literal(s)))),
    components: Type.Optional(Type.Array(Type.Union(COMPONENT_IDS.map((s) => Type.Literal(s))), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

function toTemplate(r: IncidentTemplateTable): IncidentTemplate {
  return { id: r.id, title: r.title, name: { en: r.name, ar: r.name_ar }, body: { en: r.body, ar: r.body_ar }, impact: r.impact as Impact, components: JSON.parse(r.components) as ComponentId[], createdAt: r.created_at };
}

export async function getTemplate(db: StatusDb, id: string): Promise<IncidentTemplate | undefined> {
  const row = await db.kysely.selectFrom('incident_templates').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toTemplate(row);
}

export async function listTemplates(db: StatusDb): Promise<IncidentTemplate[]> {
  return (await db.kysely.selectFrom('incident_templates').selectAll().orderBy('title').execute()).map(toTemplate);
}

export function presentTemplate(t: IncidentTemplate) {
  return { id: t.id, title: t.title, name: t.name.en, name_ar: t.name.ar, body: t.body.en, body_ar: t.body.ar, impact: t.impact, components: t.components, created_at: new Date(t.createdAt).toISOString() };
}

export function incidentTemplateRoutes(app: FastifyInstance, ctx: StatusContext): void {
  app.get('/api/v1/incident-templates', async (request) => {
    await ctx.admin.require(request);
    return (await listTemplates(ctx.db)).map(presentTemplate);
  });

  app.post<{ Body: Static<typeof TemplateBody> }>('/api/v1/incident-templates', { schema: { body: TemplateBody } }, async (request, reply) => {
    await ctx.admin.require(request);
    const b = request.body;
    const id = newId();
    await ctx.db.kysely
      .insertInto('incident_templates')
      .values({ id, title: b.title, name: b.name, name_ar: b.name_ar ?? b.name, body: b.body, body_ar: b.body_ar ?? b.body, impact: b.impact ?? 'minor', components: JSON.stringify(b.components ?? []), created_at: ctx.clock() })
      .execute();
    return reply.code(201).send(presentTemplate((await getTemplate(ctx.db, id))!));
  });

  app.delete<{ Params: { id: string } }>('/api/v1/incident-templates/:id', { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } }, async (request) => {
    await ctx.admin.require(request);
    const result = await ctx.db.kysely.deleteFrom('incident_templates').where('id', '=', request.params.id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new StatusError(404, 'Template not found');
    return { deleted: request.params.id };
  });
}
