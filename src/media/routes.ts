import fs from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { ApiError, notFound, unprocessable } from '../http/errors.js';
import { IdParams, pathId } from '../http/params.js';

type FilePart = MultipartFile & { _buf?: Buffer; toBuffer(): Promise<Buffer> };

export async function fileFrom(request: FastifyRequest, field: string): Promise<Buffer | undefined> {
  const part = (request.body as Record<string, unknown> | undefined)?.[field] as FilePart | undefined;
  if (!part || part.type !== 'file') return undefined;
  const buffer = await part.toBuffer();
  if (part.file?.truncated) throw new ApiError(413, 'The file is too large');
  return buffer;
}

export function mediaRoutes(app: FastifyInstance, ctx: AppContext): void {
  const upload = async (request: FastifyRequest) => {
    const auth = requireUser(request, 'write:media');
    if (!request.isMultipart()) throw unprocessable('Validation failed: send the image as multipart/form-data in "file"');
    const file = await fileFrom(request, 'file');
    if (!file) throw unprocessable('Validation failed: file is missing');
    const description = (request.body as Record<string, unknown>).description;
    return ctx.media.upload(auth.accountId, file, typeof description === 'string' ? description : undefined);
  };
  app.post('/api/v2/media', { schema: { tags: ['media'], consumes: ['multipart/form-data'] } }, upload);
  app.post('/api/v1/media', { schema: { tags: ['media'], consumes: ['multipart/form-data'] } }, upload);

  app.get('/api/v1/media/:id', { schema: { tags: ['media'], params: IdParams } }, async (request) => {
    const auth = requireUser(request, 'write:media');
    return ctx.media.get(auth.accountId, pathId(request.params));
  });

  app.put('/api/v1/media/:id', { schema: { tags: ['media'], params: IdParams, body: Type.Object({ description: Type.Optional(Type.String({ maxLength: 5000 })), focus: Type.Optional(Type.String({ maxLength: 50 })) }) } }, async (request) => {
    const auth = requireUser(request, 'write:media');
    return ctx.media.describe(auth.accountId, pathId(request.params), (request.body as { description?: string }).description);
  });

  app.get('/media/:name', { schema: { hide: true, params: Type.Object({ name: Type.String({ maxLength: 64 }) }) } }, async (request, reply) => {
    const file = await ctx.media.deliverablePath((request.params as { name: string }).name);
    if (!file || !fs.existsSync(file)) throw notFound();
    reply.type('image/webp').header('Cache-Control', 'public, max-age=31536000, immutable');
    return fs.createReadStream(file);
  });
}
