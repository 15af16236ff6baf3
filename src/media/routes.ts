import fs from 'node:fs';
import type { MultipartFile } from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { ApiError, notFound, unprocessable } from '../http/errors.js';
import { IdParams, responses, type Api } from '../http/schemas.js';
import { MediaAttachment } from '../http/entities/index.js';

type FilePart = MultipartFile & { toBuffer(): Promise<Buffer> };

/** A file part of a multipart body (body-parsing.ts keeps file parts under their field name). */
export const FileField = (description: string) => Type.Optional(Type.Unsafe<FilePart>({ type: 'object', description }));

/** A file field's bytes, or undefined when the field holds no file. */
export async function fileFrom(part: FilePart | undefined): Promise<Buffer | undefined> {
  if (part?.type !== 'file') return undefined;
  const buffer = await part.toBuffer();
  if (part.file?.truncated) throw new ApiError(413, 'The file is too large');
  return buffer;
}

const UploadBody = Type.Object({
  file: FileField('the image (multipart/form-data)'),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  focus: Type.Optional(Type.String({ maxLength: 50 })),
});
const DescribeBody = Type.Object({ description: Type.Optional(Type.String({ maxLength: 5000 })), focus: Type.Optional(Type.String({ maxLength: 50 })) });

const tags = ['media'];
const Attachment = Type.Ref(MediaAttachment);

export function mediaRoutes(app: Api, ctx: AppContext): void {
  for (const path of ['/api/v2/media', '/api/v1/media']) {
    app.post(path, { config: { files: 1 }, schema: { tags, consumes: ['multipart/form-data'], body: UploadBody, response: responses({ 200: Attachment }) } }, async (request) => {
      const auth = requireUser(request, 'write:media');
      if (!request.isMultipart()) throw unprocessable('Validation failed: send the image as multipart/form-data in "file"');
      const file = await fileFrom(request.body.file);
      if (!file) throw unprocessable('Validation failed: file is missing');
      return ctx.media.upload(auth.accountId, file, request.body.description);
    });
  }

  app.get('/api/v1/media/:id', { schema: { tags, params: IdParams, response: responses({ 200: Attachment }) } }, async (request) => {
    const auth = requireUser(request, 'write:media');
    return ctx.media.get(auth.accountId, Number(request.params.id));
  });

  app.put('/api/v1/media/:id', { schema: { tags, params: IdParams, body: DescribeBody, response: responses({ 200: Attachment }) } }, async (request) => {
    const auth = requireUser(request, 'write:media');
    return ctx.media.describe(auth.accountId, Number(request.params.id), request.body.description);
  });

  // The files themselves: see MediaService.deliver for who may fetch what. Unknown, forbidden
  // and expired alike answer 404, so nothing tells a guesser that a file exists.
  const FileQuery = Type.Object({ exp: Type.Optional(Type.String({ maxLength: 20 })), sig: Type.Optional(Type.String({ maxLength: 100 })) });
  app.get('/media/:name', { schema: { hide: true, params: Type.Object({ name: Type.String({ maxLength: 64 }) }), querystring: FileQuery } }, async (request, reply) => {
    const delivery = await ctx.media.deliver(request.params.name, request.query);
    if (!delivery || !fs.existsSync(delivery.file)) throw notFound();
    reply.type('image/webp').header('Cache-Control', delivery.cacheControl);
    return fs.createReadStream(delivery.file);
  });
}
