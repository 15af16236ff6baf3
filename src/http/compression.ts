// API answers (JSON) compressed for the clients that say they take it: a home page of 20 posts
// is ~34 KB of JSON and ~4 KB compressed, which is most of a first visit's data on a slow phone
// line (issue 15's 1.6 Mbps profile). Brotli at quality 4 (faster than gzip's default level and
// smaller), else gzip; on the thread pool, so the event loop never waits on it. Only JSON bodies
// already in memory and over 1 KB: streams (SSE writes to the socket itself, media and the web
// app's precompressed files are sent by their own routes) are left as they are.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const MIN_BYTES = 1024;
const BROTLI_OPTIONS = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } };

/** The encoding to answer in, from Accept-Encoding (q=0 refuses one). */
export function chooseEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  if (!accept) return null;
  const offered = new Map<string, number>();
  for (const part of accept.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    offered.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => offered.get(name) ?? offered.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

// A viewer's unchanged home page is sent as the very same Buffer each time (posts/repeat-pages.ts):
// it is compressed once, and the copy lives as long as that Buffer does.
const compressedCopies = new WeakMap<Buffer, Partial<Record<'br' | 'gzip', Buffer>>>();

async function compressedOnce(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  const copies = compressedCopies.get(body) ?? {};
  let copy = copies[encoding];
  if (copy === undefined) {
    copy = encoding === 'br' ? await brotli(body, BROTLI_OPTIONS) : await gzip(body, { level: 6 });
    copies[encoding] = copy;
    compressedCopies.set(body, copies);
  }
  return copy;
}

export function installCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.getHeader('content-encoding') || !String(reply.getHeader('content-type') ?? '').includes('json')) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (body.length < MIN_BYTES) return payload;
    reply.header('vary', [reply.getHeader('vary'), 'Accept-Encoding'].filter(Boolean).join(', '));
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    if (!encoding) return payload;
    const compressed = await compressedOnce(body, encoding);
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return compressed;
  });
}
