// Default avatar and header images, drawn once with sharp so the repository carries no binaries.
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

export function assetRoutes(app: FastifyInstance, _ctx: AppContext): void {
  app.get('/assets/avatar-missing.png', { schema: { hide: true } }, async (request, reply) => {
    reply.type('image/png').header('Cache-Control', 'public, max-age=86400');
    return solidPng(120, 120, '#8aa39b');
  });
  app.get('/assets/header-missing.png', { schema: { hide: true } }, async (request, reply) => {
    reply.type('image/png').header('Cache-Control', 'public, max-age=86400');
    return solidPng(600, 200, '#1d7a5f');
  });
}
