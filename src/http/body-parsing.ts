// Mastodon accepts JSON, urlencoded and multipart bodies alike, with Rails-style keys
// (media_ids[]=1, source[privacy]=public). All three end up as the same nested object.
import type { FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import qs from 'qs';

export const QS_OPTIONS = { depth: 3, arrayLimit: 100, parameterLimit: 200 } as const;

export async function installBodyParsing(app: FastifyInstance, options: { fileSizeLimit: number }): Promise<void> {
  // An empty JSON body (clients POST /favourite with no body) is an empty object, not an error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body ?? '');
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      const error = Object.assign(new Error('The request body is not valid JSON'), { statusCode: 400 });
      done(error, undefined);
    }
  });
  await app.register(formbody, { parser: (text) => qs.parse(text, QS_OPTIONS) });
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: options.fileSizeLimit, files: 4, fields: 100 },
  });
  // Multipart fields arrive flat ("source[privacy]"); fold them like a urlencoded body. File
  // parts stay as they are, under their field name, for the media routes to read.
  app.addHook('preValidation', async (request) => {
    // Clients POST /reblog, /favourite and the like with no body at all: that is no parameters,
    // the same as an empty one, and must meet the route's body schema as {}.
    if (request.body === undefined && ['POST', 'PUT', 'PATCH'].includes(request.method)) {
      request.body = {};
      return;
    }
    if (!request.isMultipart() || !request.body || typeof request.body !== 'object') return;
    const params = new URLSearchParams();
    const files: Record<string, unknown> = {};
    for (const [key, part] of Object.entries(request.body as Record<string, unknown>)) {
      for (const p of Array.isArray(part) ? part : [part]) {
        const field = p as { type?: string; value?: unknown };
        if (field?.type === 'file') files[key] = p;
        else if (field?.type === 'field') params.append(key, String(field.value));
      }
    }
    request.body = { ...qs.parse(params.toString(), QS_OPTIONS), ...files };
  });
}
