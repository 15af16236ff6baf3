// Reports over HTTP: POST /api/v1/reports for everyone, and Mastodon's admin reports API for
// staff with manage_reports (admin:read:reports / admin:write:reports).
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { Flag, Id, IdList, IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { AdminReport, REPORT_CATEGORIES, Report } from '../http/entities/index.js';
import { Nullable, OneOf } from '../http/entities/common.js';
import { requireStaff } from './roles.js';
import { COMMENT_LIMIT } from './reports.js';

// An empty category is "none given" (forms send one), as Mastodon's `presence` reads it.
const Category = OneOf([...REPORT_CATEGORIES, '']);

const FileReport = Type.Object({
  account_id: Type.String({ maxLength: 32 }),
  status_ids: Type.Optional(IdList(100)),
  comment: Type.Optional(Nullable(Type.String({ maxLength: COMMENT_LIMIT }))),
  forward: Type.Optional(Flag),
  category: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], enum: [...REPORT_CATEGORIES, '', null] })),
  rule_ids: Type.Optional(IdList(100)),
  // Sent by Mastodon clients for remote accounts; Sirb has none to forward to.
  forward_to_domains: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 20 })),
});

const ListQuery = Type.Composite([
  PageQuery,
  Type.Object({ resolved: Type.Optional(Flag), account_id: Type.Optional(Id), target_account_id: Type.Optional(Id) }),
]);

const UpdateReport = Type.Object({ category: Type.Optional(Category), rule_ids: Type.Optional(IdList(100)) });

const READ = 'admin:read:reports';
const WRITE = 'admin:write:reports';

export function reportRoutes(app: Api, ctx: AppContext): void {
  const { reports, config } = ctx;

  app.post('/api/v1/reports', { schema: { tags: ['reports'], body: FileReport, response: responses({ 200: Type.Ref(Report) }) } }, async (request) => {
    const auth = requireUser(request, 'write:reports');
    const body = request.body;
    return reports.file(auth.accountId, {
      accountId: body.account_id,
      statusIds: body.status_ids ?? [],
      comment: body.comment ?? '',
      forward: body.forward ?? false,
      category: body.category ?? undefined,
      ruleIds: body.rule_ids ?? [],
    });
  });

  const tags = ['admin'];
  const one = responses({ 200: Type.Ref(AdminReport) });

  app.get('/api/v1/admin/reports', { schema: { tags, querystring: ListQuery, response: responses({ 200: Type.Array(Type.Ref(AdminReport)) }) } }, async (request, reply) => {
    const auth = requireStaff(request, READ, 'manage_reports');
    const q = request.query;
    const { reports: list, cursors } = await reports.list(auth.accountId, pageOf(q, 100, 200), {
      resolved: q.resolved === true,
      accountId: q.account_id === undefined ? undefined : Number(q.account_id),
      targetAccountId: q.target_account_id === undefined ? undefined : Number(q.target_account_id),
    });
    setLinkHeader(request, reply, config.publicUrl, cursors);
    return list;
  });

  app.get('/api/v1/admin/reports/:id', { schema: { tags, params: IdParams, response: one } }, async (request) => {
    const auth = requireStaff(request, READ, 'manage_reports');
    return reports.get(auth.accountId, Number(request.params.id));
  });

  app.put('/api/v1/admin/reports/:id', { schema: { tags, params: IdParams, body: UpdateReport, response: one } }, async (request) => {
    const auth = requireStaff(request, WRITE, 'manage_reports');
    const body = request.body ?? {};
    return reports.update(auth.accountId, Number(request.params.id), { category: body.category, ruleIds: body.rule_ids });
  });

  const actions = {
    assign_to_self: reports.assignToSelf,
    unassign: reports.unassign,
    resolve: reports.resolve,
    reopen: reports.reopen,
  } as const;
  for (const [path, act] of Object.entries(actions)) {
    app.post(`/api/v1/admin/reports/:id/${path}`, { schema: { tags, params: IdParams, response: one } }, async (request) => {
      const auth = requireStaff(request, WRITE, 'manage_reports');
      return act.call(reports, auth.accountId, Number(request.params.id));
    });
  }
}
