// The audit log over HTTP (Sirb extension, CONTRACTS.md): staff with view_audit_log read who
// did what, newest first. There is no route that changes or deletes an entry.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { findAccountsByIds } from '../accounts/store.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { Id, PageQuery, responses, type Api } from '../http/schemas.js';
import { ActionLog } from '../http/entities/index.js';
import { OneOf } from '../http/entities/common.js';
import { requireStaff } from './roles.js';
import { listActions, type AuditTargetType } from './audit-log.js';

const TARGET_TYPES: AuditTargetType[] = ['Account', 'Report', 'Status', 'Rule', 'EmailDomainBlock', 'CanonicalEmailBlock', 'IpBlock', 'Invite', 'Instance', 'Announcement'];

const LogQuery = Type.Composite([
  PageQuery,
  Type.Object({
    account_id: Type.Optional(Id),
    target_type: Type.Optional(OneOf(TARGET_TYPES)),
    target_id: Type.Optional(Type.String({ maxLength: 64 })),
  }),
]);

export function auditRoutes(app: Api, ctx: AppContext): void {
  const db = ctx.db.kysely;

  app.get('/api/v1/admin/action_logs', { schema: { tags: ['admin'], querystring: LogQuery, response: responses({ 200: Type.Array(Type.Ref(ActionLog)) }) } }, async (request, reply) => {
    requireStaff(request, 'admin:read', 'view_audit_log');
    const q = request.query;
    const page = pageOf(q, 40, 200);
    const rows = await listActions(db, {
      ...page,
      actorId: q.account_id === undefined ? undefined : Number(q.account_id),
      targetType: q.target_type as AuditTargetType | undefined,
      targetId: q.target_id,
    });
    const actors = new Map((await findAccountsByIds(db, [...new Set(rows.map((r) => r.account_id))])).map((a) => [Number(a.id), ctx.accounts.present(a)]));
    setLinkHeader(request, reply, ctx.config.publicUrl, rows.map((r) => r.id));
    return rows.map((row) => ({
      id: String(row.id),
      action: row.action,
      target_type: row.target_type,
      target_id: row.target_id,
      reason: row.reason,
      created_at: new Date(row.created_at).toISOString(),
      account: actors.get(row.account_id) ?? null,
    }));
  });
}
