import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { unprocessable } from '../http/errors.js';
import { Id, responses, type Api } from '../http/schemas.js';
import { Markers } from '../http/entities/index.js';

const Position = Type.Object({ last_read_id: Id });
const SaveBody = Type.Object({ home: Type.Optional(Position), notifications: Type.Optional(Position) });
const ReadQuery = Type.Object({ timeline: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })) });

const tags = ['markers'];

export function markerRoutes(app: Api, ctx: AppContext): void {
  app.get('/api/v1/markers', { schema: { tags, querystring: ReadQuery, response: responses({ 200: Type.Ref(Markers) }) } }, async (request) => {
    const auth = requireUser(request, 'read:statuses');
    return ctx.markers.get(auth.accountId, request.query.timeline ?? []);
  });

  app.post('/api/v1/markers', { schema: { tags, body: SaveBody, response: responses({ 200: Type.Ref(Markers) }) } }, async (request) => {
    const auth = requireUser(request, 'write:statuses');
    const { home, notifications } = request.body;
    if (!home && !notifications) throw unprocessable('Validation failed: give home[last_read_id] or notifications[last_read_id]');
    return ctx.markers.save(auth.accountId, {
      ...(home && { home: Number(home.last_read_id) }),
      ...(notifications && { notifications: Number(notifications.last_read_id) }),
    });
  });
}
