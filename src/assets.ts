// Default avatar and header images, drawn once with sharp so the repository carries no binaries;
// and the web app's font under a stable name, for the server-rendered pages (sign-in, mail links).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import type { AppContext } from './context.js';

const cache = new Map<string, Promise<Buffer>>();

function solidPng(width: number, height: number, color: string): Promise<Buffer> {
  const key = `${width}x${height}:${color}`;
  let image = cache.get(key);
  if (!image) {
    image = sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();
    cache.set(key, image);
  }
  return image;
}

const FONT_FILE = /^ibm-plex-sans-arabic-(arabic|latin)-(400|600)-normal\.woff2$/;
const FONT_DIR = path.dirname(createRequire(import.meta.url).resolve('@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-arabic-400-normal.woff2'));

export function assetRoutes(app: FastifyInstance, _ctx: AppContext): void {
  app.get('/assets/avatar-missing.png', { schema: { hide: true } }, async (request, reply) => {
    reply.type('image/png').header('Cache-Control', 'public, max-age=86400');
    return solidPng(120, 120, '#8aa39b');
  });
  app.get('/assets/header-missing.png', { schema: { hide: true } }, async (request, reply) => {
    reply.type('image/png').header('Cache-Control', 'public, max-age=86400');
    return solidPng(600, 200, '#1d7a5f');
  });
  app.get<{ Params: { file: string } }>('/assets/fonts/:file', { schema: { hide: true } }, async (request, reply) => {
    if (!FONT_FILE.test(request.params.file)) return reply.code(404).send({ error: 'Record not found' });
    // Not content-hashed, but it changes only with the font package: a week is safe.
    reply.type('font/woff2').header('Cache-Control', 'public, max-age=604800');
    return reply.send(fs.createReadStream(path.join(FONT_DIR, request.params.file)));
  });
}
