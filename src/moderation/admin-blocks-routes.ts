// Mastodon's admin API for canonical email blocks, email domain blocks and IP blocks
// (permission manage_blocks; scopes admin:read:<kind> / admin:write:<kind>).
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { IdParams, PageQuery, responses, type Api } from '../http/schemas.js';
import { EmptyObject } from '../http/entities/index.js';
import { requireStaff } from './roles.js';
import { CanonicalEmailBlock, EmailDomainBlock, IpBlock } from './admin-entities.js';
import type { AdminBlockService } from './admin-blocks.js';

const tags = ['admin'];

const IpBody = Type.Object({
  ip: Type.Optional(Type.String({ maxLength: 64 })),
  severity: Type.Optional(Type.String({ maxLength: 40 })),
  comment: Type.Optional(Type.String({ maxLength: 1000 })),
  expires_in: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 * 365 * 86400 })),
});

export function adminBlockRoutes(app: Api, ctx: AppContext & { adminBlocks: AdminBlockService }): void {
  const { adminBlocks: blocks, config } = ctx;
  const staff = (request: Parameters<typeof requireStaff>[0], access: 'read' | 'write', kind: string) => requireStaff(request, `admin:${access}:${kind}`, 'manage_blocks');
  const deleted = { params: IdParams, response: responses({ 200: EmptyObject }) };

  // --- canonical email blocks ---
  const canonical = '/api/v1/admin/canonical_email_blocks';
  app.get(canonical, { schema: { tags, querystring: PageQuery, response: responses({ 200: Type.Array(CanonicalEmailBlock) }) } }, async (request, reply) => {
    staff(request, 'read', 'canonical_email_blocks');
    const list = await blocks.canonicalList(pageOf(request.query, 100, 200));
    setLinkHeader(request, reply, config.publicUrl, list.map((b) => Number(b.id)));
    return list;
  });
  app.get(`${canonical}/:id`, { schema: { tags, params: IdParams, response: responses({ 200: CanonicalEmailBlock }) } }, async (request) => {
    staff(request, 'read', 'canonical_email_blocks');
    return blocks.canonicalGet(Number(request.params.id));
  });
  const TestBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }) });
  app.post(`${canonical}/test`, { schema: { tags, body: TestBody, response: responses({ 200: Type.Array(CanonicalEmailBlock) }) } }, async (request) => {
    staff(request, 'read', 'canonical_email_blocks');
    return blocks.canonicalTest(request.body.email);
  });
  const CanonicalBody = Type.Object({ email: Type.Optional(Type.String({ maxLength: 320 })), canonical_email_hash: Type.Optional(Type.String({ maxLength: 100 })) });
  app.post(canonical, { schema: { tags, body: CanonicalBody, response: responses({ 200: CanonicalEmailBlock }) } }, async (request) => {
    const auth = staff(request, 'write', 'canonical_email_blocks');
    return blocks.canonicalCreate(auth.accountId, request.body);
  });
  app.delete(`${canonical}/:id`, { schema: { tags, ...deleted } }, async (request) => {
    const auth = staff(request, 'write', 'canonical_email_blocks');
    await blocks.canonicalDelete(auth.accountId, Number(request.params.id));
    return {};
  });

  // --- email domain blocks ---
  const domains = '/api/v1/admin/email_domain_blocks';
  app.get(domains, { schema: { tags, querystring: PageQuery, response: responses({ 200: Type.Array(EmailDomainBlock) }) } }, async (request, reply) => {
    staff(request, 'read', 'email_domain_blocks');
    const list = await blocks.domainList(pageOf(request.query, 100, 200));
    setLinkHeader(request, reply, config.publicUrl, list.map((b) => Number(b.id)));
    return list;
  });
  app.get(`${domains}/:id`, { schema: { tags, params: IdParams, response: responses({ 200: EmailDomainBlock }) } }, async (request) => {
    staff(request, 'read', 'email_domain_blocks');
    return blocks.domainGet(Number(request.params.id));
  });
  app.post(domains, { schema: { tags, body: Type.Object({ domain: Type.Optional(Type.String({ maxLength: 300 })) }), response: responses({ 200: EmailDomainBlock }) } }, async (request) => {
    const auth = staff(request, 'write', 'email_domain_blocks');
    return blocks.domainCreate(auth.accountId, request.body);
  });
  app.delete(`${domains}/:id`, { schema: { tags, ...deleted } }, async (request) => {
    const auth = staff(request, 'write', 'email_domain_blocks');
    await blocks.domainDelete(auth.accountId, Number(request.params.id));
    return {};
  });

  // --- IP blocks ---
  const ips = '/api/v1/admin/ip_blocks';
  app.get(ips, { schema: { tags, querystring: PageQuery, response: responses({ 200: Type.Array(IpBlock) }) } }, async (request, reply) => {
    staff(request, 'read', 'ip_blocks');
    const list = await blocks.ipList(pageOf(request.query, 100, 200));
    setLinkHeader(request, reply, config.publicUrl, list.map((b) => Number(b.id)));
    return list;
  });
  app.get(`${ips}/:id`, { schema: { tags, params: IdParams, response: responses({ 200: IpBlock }) } }, async (request) => {
    staff(request, 'read', 'ip_blocks');
    return blocks.ipGet(Number(request.params.id));
  });
  app.post(ips, { schema: { tags, body: IpBody, response: responses({ 200: IpBlock }) } }, async (request) => {
    const auth = staff(request, 'write', 'ip_blocks');
    return blocks.ipCreate(auth.accountId, request.body);
  });
  app.put(`${ips}/:id`, { schema: { tags, params: IdParams, body: IpBody, response: responses({ 200: IpBlock }) } }, async (request) => {
    const auth = staff(request, 'write', 'ip_blocks');
    return blocks.ipUpdate(auth.accountId, Number(request.params.id), request.body);
  });
  app.delete(`${ips}/:id`, { schema: { tags, ...deleted } }, async (request) => {
    const auth = staff(request, 'write', 'ip_blocks');
    await blocks.ipDelete(auth.accountId, Number(request.params.id));
    return {};
  });
}
