// Mastodon's /api/v1/domain_blocks: a user's blocked domains, as strings, paged by Link header.
// They are stored and listed only (accounts/domain-blocks.ts says why they change nothing here).
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { pageOf, setLinkHeader } from '../http/pagination.js';
import { PageQuery, responses, type Api } from '../http/schemas.js';
import { EmptyObject } from '../http/entities/index.js';
import { DomainBlockService } from './domain-blocks.js';

const tags = ['accounts'];
// The domain comes in the form body or the query string, as Rails reads either.
const Domain = Type.Object({ domain: Type.Optional(Type.String({ maxLength: 300 })) });

export function domainBlockRoutes(app: Api, ctx: AppContext): void {
  const blocks = new DomainBlockService(ctx.db.kysely, ctx.clock);
  const path = '/api/v1/domain_blocks';

  app.get(path, { schema: { tags, querystring: PageQuery, response: responses({ 200: Type.Array(Type.String()) }) } }, async (request, reply) => {
    const auth = requireUser(request, 'read:blocks');
    const { domains, cursors } = await blocks.list(auth.accountId, pageOf(request.query, 100, 200));
    setLinkHeader(request, reply, ctx.config.publicUrl, cursors);
    return domains;
  });

  // No body schema: a DELETE often comes without one, and Fastify would then refuse it.
  const write = { tags, querystring: Domain, response: responses({ 200: EmptyObject }) };
  const domainOf = (request: { body: unknown; query: { domain?: string } }): string | undefined => {
    const inBody = (request.body as { domain?: unknown } | undefined)?.domain;
    return typeof inBody === 'string' ? inBody : request.query.domain;
  };
  app.post(path, { schema: write }, async (request) => {
    const auth = requireUser(request, 'write:blocks');
    await blocks.block(auth.accountId, domainOf(request));
    return {};
  });
  app.delete(path, { schema: write }, async (request) => {
    const auth = requireUser(request, 'write:blocks');
    await blocks.unblock(auth.accountId, domainOf(request));
    return {};
  });
}
