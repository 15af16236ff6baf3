// Instance rules over HTTP: Mastodon's public list (GET /api/v1/instance/rules lives with the
// instance routes) and Sirb's admin editor (CONTRACTS.md; Mastodon edits rules only in its web
// UI): staff with manage_rules, scopes admin:read / admin:write.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { unprocessable } from '../http/errors.js';
import { IdParams, responses, type Api } from '../http/schemas.js';
import { AdminRule, EmptyObject } from '../http/entities/index.js';
import { requireStaff } from './roles.js';
import { presentAdminRule } from './rules.js';

// Mastodon's limit on a rule's text; the hint is the longer explanation.
const TEXT_LIMIT = 300;
const HINT_LIMIT = 2000;
const Priority = Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 });

const RuleBody = Type.Object({
  text: Type.String({ maxLength: TEXT_LIMIT }),
  hint: Type.Optional(Type.String({ maxLength: HINT_LIMIT })),
  priority: Type.Optional(Priority),
});
const RuleChanges = Type.Partial(RuleBody);

const blank = (text: string | undefined) => text !== undefined && text.trim() === '';

export function ruleRoutes(app: Api, ctx: AppContext): void {
  const { rules } = ctx;
  const tags = ['admin'];
  const one = responses({ 200: Type.Ref(AdminRule) });

  app.get('/api/v1/admin/rules', { schema: { tags, response: responses({ 200: Type.Array(Type.Ref(AdminRule)) }) } }, async (request) => {
    requireStaff(request, 'admin:read', 'manage_rules');
    return (await rules.list()).map(presentAdminRule);
  });

  app.post('/api/v1/admin/rules', { schema: { tags, body: RuleBody, response: one } }, async (request) => {
    const auth = requireStaff(request, 'admin:write', 'manage_rules');
    if (blank(request.body.text)) throw unprocessable("Validation failed: Text can't be blank");
    return presentAdminRule(await rules.create(auth.accountId, { ...request.body, text: request.body.text.trim() }));
  });

  app.put('/api/v1/admin/rules/:id', { schema: { tags, params: IdParams, body: RuleChanges, response: one } }, async (request) => {
    const auth = requireStaff(request, 'admin:write', 'manage_rules');
    const body = request.body ?? {};
    if (blank(body.text)) throw unprocessable("Validation failed: Text can't be blank");
    return presentAdminRule(await rules.update(auth.accountId, Number(request.params.id), { ...body, text: body.text?.trim() }));
  });

  app.delete('/api/v1/admin/rules/:id', { schema: { tags, params: IdParams, response: responses({ 200: EmptyObject }) } }, async (request) => {
    const auth = requireStaff(request, 'admin:write', 'manage_rules');
    await rules.remove(auth.accountId, Number(request.params.id));
    return {};
  });
}
