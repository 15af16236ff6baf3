// Prometheus metrics on /metrics. Each app instance has its own registry so that several apps
// in one process (tests) do not collide.
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { RenderCache } from '../posts/render-cache.js';
import type { DatabaseHealth } from '../db/availability.js';
import { answeredUnavailable } from './error-handler.js';

export function installMetrics(app: FastifyInstance, renderCache?: RenderCache, database?: DatabaseHealth): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  // prom-client names three gauges *_total, which Prometheus keeps for counters (promtool check
  // metrics flags them); their per-type siblings without the suffix carry the same numbers.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new client.Counter({
    name: 'http_request_errors_total',
    help: 'HTTP responses with a 4xx or 5xx status, by route',
    labelNames: ['method', 'route', 'status_code'],
    registers: [registry],
  });
  // Writes refused while the database is down, read-only or full show here as method POST etc.
  const unavailable = new client.Counter({
    name: 'sirb_unavailable_responses_total',
    help: 'Requests answered 503 with Retry-After because the database was unavailable, by reason (unreachable, busy, timeout, read-only, full) and method',
    labelNames: ['reason', 'method'],
    registers: [registry],
  });

  if (renderCache) {
    new client.Counter({
      name: 'sirb_render_cache_lookups_total',
      help: 'Render cache lookups (posts/render-cache.ts) by kind and result (hit, miss)',
      labelNames: ['kind', 'result'],
      registers: [registry],
      collect() {
        // The cache counts for itself; a scrape copies its totals.
        this.reset();
        for (const [kind, { hits, misses }] of Object.entries(renderCache.lookups)) {
          this.inc({ kind, result: 'hit' }, hits);
          this.inc({ kind, result: 'miss' }, misses);
        }
      },
    });
    new client.Counter({
      name: 'sirb_render_cache_stale_served_total',
      help: 'Render cache entries served past their age because the database was unavailable (answers that may be stale)',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(renderCache.staleServed);
      },
    });
    new client.Gauge({
      name: 'sirb_render_cache_entries',
      help: 'Entries held by the render cache, by kind',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        for (const [kind, size] of Object.entries(renderCache.sizes)) this.set({ kind }, size);
      },
    });
  }

  if (database) installDatabaseMetrics(registry, database);

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    duration.observe(labels, reply.elapsedTime / 1000);
    if (reply.statusCode >= 400) errors.inc(labels);
    const reason = answeredUnavailable.get(request);
    if (reason) unavailable.inc({ reason, method: request.method });
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    reply.header('Content-Type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}

/** The PostgreSQL breaker (db/availability.ts): whether the database is reachable, and what was refused. */
function installDatabaseMetrics(registry: client.Registry, database: DatabaseHealth): void {
  new client.Gauge({
    name: 'sirb_database_up',
    help: 'Whether this process can reach PostgreSQL (0 while its circuit breaker is open)',
    registers: [registry],
    collect() {
      this.set(database.up ? 1 : 0);
    },
  });
  new client.Counter({
    name: 'sirb_database_refusals_total',
    help: 'Database calls refused by this process: outages (breaker openings), refused (breaker open), shed (the wait for a connection too long)',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [kind, count] of Object.entries(database.counts)) this.inc({ kind }, count);
    },
  });
}
