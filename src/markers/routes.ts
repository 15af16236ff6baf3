import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { unprocessable } from '../http/errors.js';
import { parseId } from '../lib/ids.js';
import { MARKER_TIMELINES, type MarkerTimeline } from './service.js';

export function markerRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/v1/markers', { schema: { tags: ['markers'] } }, async (request) => {
    const auth = requireUser(request, 'read:statuses');
    const q = request.query as Record<string, unknown>;
    const raw = q.timeline ?? q['timeline[]'] ?? [];
    return ctx.markers.get(auth.accountId, (Array.isArray(raw) ? raw : [raw]).map(String));
  });

  app.post('/api/v1/markers', { schema: { tags: ['markers'] } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const positions: Partial<Record<MarkerTimeline, number>> = {};
    for (const timeline of MARKER_TIMELINES) {
      const entry = body[timeline];
      if (entry === undefined) continue;
      const id = parseId(typeof entry === 'object' && entry !== null ? (entry as { last_read_id?: unknown }).last_read_id : undefined);
      if (id === undefined) throw unprocessable(`Validation failed: ${timeline}[last_read_id] must be an id`);
      positions[timeline] = id;
    }
    if (Object.keys(positions).length === 0) throw unprocessable('Validation failed: give home[last_read_id] or notifications[last_read_id]');
    return ctx.markers.save(auth.accountId, positions);
  });
}
