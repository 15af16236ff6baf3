// GET /api/v1/probes: the latest probe result per component (latency, error), for operators and
// for tests that need to know a probe really passed rather than that nothing has failed yet.
import type { FastifyInstance } from 'fastify';
import type { StatusContext } from '../context.js';
import { locationRoutes } from '../locations/routes.js';
import { latestProbes, listComponents } from './store.js';

export function componentRoutes(app: FastifyInstance, ctx: StatusContext): void {
  app.get('/api/v1/probes', async () => {
    const [components, recent] = await Promise.all([listComponents(ctx.db), latestProbes(ctx.db, 200)]);
    return components.map((c) => {
      const last = recent.find((r) => r.component === c.id);
      return {
        id: c.id,
        status: c.status,
        last_probe: last ? { at: new Date(last.at).toISOString(), ok: last.ok, latency_ms: Math.round(last.latencyMs), error: last.error ?? null } : null,
      };
    });
  });
  // Per-location results and the agents' signed pushes live beside the components they judge.
  locationRoutes(app, ctx);
}
