// Mastodon accepts JSON, urlencoded and multipart bodies alike, with Rails-style keys
// (media_ids[]=1, source[privacy]=public). All three end up as the same nested object.
//
// Multipart is where the bytes are (files of 10 MB), so it is read late and only when it must
// be: the parser itself reads nothing; the body is streamed in preValidation, after the token
// was resolved and the rate limit counted (onRequest). A route says what it takes in its config:
// `files` (how many file parts: the uploads), `signedOutBody` (OAuth and app registration, called
// before there is a token). Any other route refuses a signed-out multipart body before reading it,
// and reads a signed-in one's fields only, with small limits.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import qs from 'qs';
import { ApiError, unauthorized } from './errors.js';

// `a=1&a=2` is a=2 as in Rails (CLI clients repeat paging parameters); lists are `a[]=1&a[]=2`.
export const QS_OPTIONS = { depth: 3, arrayLimit: 100, parameterLimit: 200, duplicates: 'last' } as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** File parts a multipart body may carry on this route (uploads); none elsewhere. */
    files?: number;
    /** The route takes a body from signed-out clients (the OAuth endpoints, app registration). */
    signedOutBody?: boolean;
  }
}

/** Limits of a body's fields: a post's text (500 code points × 4 bytes) fits well in 64 KB. */
const SIGNED_IN_FIELDS = { fields: 100, fieldSize: 64 * 1024, parts: 100 };
/** OAuth and app registration fields are short: client ids, secrets, URIs, a password. */
const SIGNED_OUT_FIELDS = { fields: 30, fieldSize: 8 * 1024, parts: 30 };

/**
 * Refusing a body before reading it: the answer goes out at once, and the connection is closed
 * after it rather than drained (Node would otherwise read and discard the rest to reuse it).
 */
function refuseUnread(reply: FastifyReply, error: ApiError): ApiError {
  reply.header('connection', 'close');
  return error;
}

async function readMultipart(request: FastifyRequest, reply: FastifyReply, fileSizeLimit: number): Promise<Record<string, unknown>> {
  const config = request.routeOptions.config ?? {};
  const files = config.files ?? 0;
  if (!request.auth && !config.signedOutBody) throw refuseUnread(reply, unauthorized());
  const fieldLimits = request.auth ? SIGNED_IN_FIELDS : SIGNED_OUT_FIELDS;
  const limits = { ...fieldLimits, files, fileSize: fileSizeLimit, parts: fieldLimits.parts + files };
  const params = new URLSearchParams();
  const fileParts: Record<string, unknown> = {};
  try {
    for await (const part of request.parts({ limits })) {
      if (part.type === 'file') {
        // Read now (it is this route's to read), so that the next part can be.
        await part.toBuffer();
        fileParts[part.fieldname] = part;
      } else {
        if (part.valueTruncated || part.fieldnameTruncated) throw new ApiError(413, `The form field "${part.fieldname.slice(0, 100)}" is too large`);
        params.append(part.fieldname, String(part.value));
      }
    }
  } catch (error) {
    throw refuseUnread(reply, multipartError(error, files));
  }
  // Fields arrive flat ("source[privacy]"); fold them like a urlencoded body. File parts stay as
  // they are, under their field name, for the upload routes to read (media/routes.ts fileFrom).
  return { ...qs.parse(params.toString(), QS_OPTIONS), ...fileParts };
}

function multipartError(error: unknown, files: number): ApiError {
  if (error instanceof ApiError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_FILES_LIMIT') {
    return files === 0
      ? new ApiError(422, 'Validation failed: this endpoint takes no files (upload them with POST /api/v2/media)')
      : new ApiError(422, `Validation failed: at most ${files} file${files > 1 ? 's' : ''} per request`);
  }
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new ApiError(413, 'The file is too large');
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return new ApiError(413, 'The form has too many fields');
  const status = (error as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) return new ApiError(status, (error as Error).message);
  return new ApiError(400, 'The multipart body is malformed');
}

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
  // Registered for its streaming parser (request.parts) only: its content-type parser marks the
  // request as multipart and reads nothing.
  await app.register(multipart, { limits: { fileSize: options.fileSizeLimit, files: 0 } });
  app.addHook('preValidation', async (request, reply) => {
    if (request.isMultipart()) {
      request.body = await readMultipart(request, reply, options.fileSizeLimit);
      return;
    }
    // Clients POST /reblog, /favourite and the like with no body at all: that is no parameters,
    // the same as an empty one, and must meet the route's body schema as {}.
    if (request.body === undefined && ['POST', 'PUT', 'PATCH'].includes(request.method)) request.body = {};
  });
}
