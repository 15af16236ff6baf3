// Builds the HTTP app: plugins in one place, then each domain's routes. Domain logic lives in
// the services (see context.ts); routes only authenticate, validate and call one of them.
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import websocket from '@fastify/websocket';
import qs from 'qs';
import type { AppContext } from './context.js';
import type { TrustProxy } from './config.js';
import { installErrorHandling } from './http/error-handler.js';
import { installAuth } from './http/auth.js';
import { loggerOptions } from './http/log-redaction.js';
import { installRateLimit, OPERATIONAL_PATHS, probeAccountLookup } from './http/rate-limit.js';
import { findAccountByLogin } from './accounts/store.js';
import { installMetrics } from './http/metrics.js';
import { installRedisMetrics } from './http/redis-metrics.js';
import { installCors } from './http/cors.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { installBodyParsing, QS_OPTIONS } from './http/body-parsing.js';
import { installInputGuards } from './http/input-guards.js';
import { flagKeyword } from './http/schemas.js';
import { installResponseCheck } from './http/response-check.js';
import { installCompression } from './http/compression.js';
import { sharedSerializers } from './http/serializer-cache.js';
import { addEntitySchemas } from './http/entities/index.js';
import { oauthRoutes } from './oauth/routes.js';
import { accountRoutes } from './accounts/routes.js';
import { postRoutes } from './posts/routes.js';
import { editRoutes } from './posts/edit-routes.js';
import { timelineRoutes } from './timelines/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { searchRoutes } from './search/routes.js';
import { statusTrendRoutes, trendRoutes } from './trends/routes.js';
import { markerRoutes } from './markers/routes.js';
import { instanceRoutes } from './instance/routes.js';
import { discoveryRoutes } from './instance/discovery.js';
import { instanceExtraRoutes } from './instance/extra-routes.js';
import { pushRoutes } from './push/routes.js';
import { discoveryAccountRoutes } from './accounts/discovery-routes.js';
import { scheduledRoutes } from './scheduled/routes.js';
import { mailRoutes } from './mail/routes.js';
import { signUpRoutes } from './accounts/sign-up-routes.js';
import { twoFactorRoutes } from './oauth/two-factor-routes.js';
import { assetRoutes } from './assets.js';
import { streamingRoutes } from './streaming/routes.js';
import { mediaRoutes } from './media/routes.js';
import { reportRoutes } from './moderation/reports-routes.js';
import { ruleRoutes } from './moderation/rules-routes.js';
import { auditRoutes } from './moderation/audit-routes.js';
import { filterRoutes } from './filters/routes.js';
import { bulkActionRoutes } from './moderation/bulk-routes.js';
import { installWebApp } from './web.js';
import { adminAccountRoutes } from './moderation/admin-accounts-routes.js';
import { adminBlockRoutes } from './moderation/admin-blocks-routes.js';
import { pollRoutes } from './polls/routes.js';
import { announcementRoutes } from './announcements/routes.js';
import { domainBlockRoutes } from './accounts/domain-block-routes.js';
import { accountBatchRoutes } from './accounts/batch-routes.js';
import { translateRoutes } from './posts/translate-routes.js';
import { SIRB_VERSION } from './version.js';
import { conversationRoutes } from './conversations/routes.js';
import { groupedNotificationRoutes } from './notifications/grouped-routes.js';
import { notificationPolicyRoutes } from './notifications/policy-routes.js';
import { profileRoutes } from './profile/routes.js';
import { listRoutes } from './lists/routes.js';
import { tagFollowRoutes } from './tags/routes.js';
import { cardRoutes } from './cards/routes.js';
import { sharedStatusServiceHealth } from './lifecycle/status-health.js';
import { databaseAnswers, READINESS_TIMEOUT_MS } from './db/readiness.js';
import { unavailabilityOf } from './db/availability.js';

export interface BuildOptions {
  logger?: boolean | object;
}

/**
 * Fastify takes proxy addresses as they are, but treats a bare hop count as "trust none" (it
 * cannot tell the nearest peer is a proxy): a count is given as proxy-addr's (address, hop)
 * function, trusting the nearest N hops, which is what the operator asked for. It holds only
 * when clients cannot reach the app except through those proxies (docs/security.md).
 */
function trustProxyOption(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.logger, ctx.config.logLevel),
    // X-Forwarded-For is believed only from the proxies the operator named (SIRB_TRUST_PROXY):
    // anyone else could claim any address and so any address's allowance.
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    bodyLimit: 1024 * 1024,
    // As Rails routes Mastodon: `/api/v1/instance/` is `/api/v1/instance` (clients probe with the
    // slash), and a repeated parameter takes its last value (QS_OPTIONS).
    routerOptions: { ignoreTrailingSlash: true, querystringParser: (text: string) => qs.parse(text, QS_OPTIONS) as Record<string, unknown> },
    // Clients send numbers and booleans as strings and single values for lists: coerced here
    // (and by the flag keyword, http/schemas.ts) so handlers get the types their schemas say.
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true, keywords: [flagKeyword] } },
    genReqId: () => crypto.randomUUID(),
    // While draining (lifecycle/graceful-shutdown.ts) a request that still arrives on an open
    // connection is answered, with Connection: close, rather than refused with a 503.
    return503OnClosing: false,
    requestIdHeader: 'x-request-id',
    // One compiled serializer per distinct response schema, not per route (http/serializer-cache.ts).
    schemaController: { compilersFactory: { buildSerializer: sharedSerializers } },
  });

  installErrorHandling(app);
  installCors(app);
  installSecurityHeaders(app, ctx.config.publicUrl, ctx.config.statusPageUrl);
  await installBodyParsing(app, { fileSizeLimit: 10 * 1024 * 1024 });
  // After body parsing's own preValidation hook, which folds multipart fields into the body.
  installInputGuards(app);
  addEntitySchemas(app);
  await app.register(swagger, {
    openapi: {
      // 3.1: its schemas are JSON Schema, so `type: ["string", "null"]` says what the API sends.
      openapi: '3.1.0',
      info: { title: 'Sirb API (Mastodon-compatible)', version: SIRB_VERSION },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    // Entities keep their names (Status, Account…) under components.schemas.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(websocket, {
    options: { maxPayload: 64 * 1024, handleProtocols: (protocols: Set<string>) => protocols.values().next().value ?? false },
  });
  const registry = installMetrics(app, ctx.renderCache, ctx.db.health);
  if (ctx.redis) installRedisMetrics(registry, ctx.redis.breaker, () => ctx.fanout.backlogCounts);
  // An address under a no_access IP block gets nothing at all (Mastodon's IpBlock), token or not;
  // but health checks answer whatever the database's state (they report it).
  app.addHook('onRequest', async (request) => {
    if (!OPERATIONAL_PATHS.has(request.routeOptions.url ?? '')) await ctx.adminBlocks.refuseBlockedAddress(request.ip);
  });
  installAuth(app, ctx.oauth);
  // Where accounts use their tokens from (admin account `ip`, `ips`): written at most hourly.
  app.addHook('onRequest', async (request) => {
    if (request.auth?.accountId != null) await ctx.accountIps.record(request.auth.accountId, request.ip);
  });
  const { probeAccount } = ctx.config.rateLimit;
  // With the database away the prober is not recognised for a while (asked again a minute later).
  const findProbe = async (username: string) => (await findAccountByLogin(ctx.db.kysely, username).catch((error: unknown) => (unavailabilityOf(error) ? undefined : Promise.reject(error))))?.id;
  const probeAccountId = probeAccountLookup(probeAccount, findProbe, ctx.clock);
  installRateLimit(app, ctx.rateLimits, ctx.config.rateLimit, probeAccountId, ctx.clock);
  if (ctx.config.checkResponses) installResponseCheck(app);
  // After the response check, which reads the bytes as they were encoded.
  installCompression(app);

  // status_service: the status service's state, reported, not judged (the app is healthy without it).
  // redis_breaker: in scale-out mode, the Redis circuit breaker's state (closed, open, half_open); the app serves either way.
  const health = Type.Object(
    { status: Type.String(), version: Type.Optional(Type.String()), error: Type.Optional(Type.String()), status_service: Type.Optional(Type.String()), redis_breaker: Type.Optional(Type.String()) },
    { additionalProperties: false },
  );
  const statusService = sharedStatusServiceHealth(ctx.config.statusServiceUrl);
  app.get('/healthz', { schema: { hide: true, response: { 200: health, 503: health } } }, async (request, reply) => {
    const reported = await statusService();
    const status_service = reported ? { status_service: reported } : {};
    try {
      await ctx.db.kysely.selectFrom('accounts').select('id').limit(1).execute();
      return { status: 'ok', version: SIRB_VERSION, ...status_service, redis_breaker: ctx.redis?.breaker.state };
    } catch (error) {
      request.log.error({ err: error }, 'health check failed');
      return reply.code(503).send({ status: 'unavailable', error: 'database unavailable', ...status_service });
    }
  });
  // For orchestrators: alive (the process answers; restarting it would not help a database
  // outage) and ready (the database answers now; take this process out of rotation if not).
  app.get('/livez', { schema: { hide: true, response: { 200: health } } }, async () => ({ status: 'ok', version: SIRB_VERSION }));
  app.get('/readyz', { schema: { hide: true, response: { 200: health, 503: health } } }, async (request, reply) => {
    const ready = await databaseAnswers(ctx, READINESS_TIMEOUT_MS);
    if (ready === true) return { status: 'ok', version: SIRB_VERSION };
    reply.header('Retry-After', '5');
    return reply.code(503).send({ status: 'unavailable', error: `database unavailable: ${ready}` });
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  // One domain per line: branches that add routes then merge without touching each other's.
  const domains = [
    oauthRoutes,
    accountRoutes,
    postRoutes,
    timelineRoutes,
    notificationRoutes,
    searchRoutes,
    trendRoutes,
    markerRoutes,
    instanceRoutes,
    discoveryRoutes,
    mediaRoutes,
    pushRoutes,
    discoveryAccountRoutes,
    statusTrendRoutes,
    instanceExtraRoutes,
    scheduledRoutes,
    reportRoutes,
    ruleRoutes,
    auditRoutes,
    filterRoutes,
    adminAccountRoutes,
    adminBlockRoutes,
    bulkActionRoutes,
    mailRoutes,
    signUpRoutes,
    twoFactorRoutes,
    editRoutes,
    pollRoutes,
    conversationRoutes,
    groupedNotificationRoutes,
    notificationPolicyRoutes,
    profileRoutes,
    listRoutes,
    tagFollowRoutes,
    announcementRoutes,
    domainBlockRoutes,
    accountBatchRoutes,
    translateRoutes,
    cardRoutes,
  ];
  for (const routes of domains) {
    routes(api, ctx);
  }
  assetRoutes(app, ctx);
  streamingRoutes(api, ctx, ctx.streaming);
  await installWebApp(app);
  return app;
}
