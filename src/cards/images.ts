// A card's image, kept here rather than linked: the web app's CSP loads images from this origin
// only, and a reader's browser should not call on every site a post links to (as Mastodon keeps
// card images). Fetched within the card limits (image types only, refused past 2 MB, as the page
// is), re-encoded by sharp to a small WebP (nothing of the original file is served), named by
// its content's hash, served as immutable.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { blurhashOf } from '../media/blurhash.js';
import type { FastifyInstance } from 'fastify';
import { fetchBytes, type FetchLimits } from './fetcher.js';
import { privateDir } from '../lib/private-files.js';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'] as const;
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const MAX_PIXELS = 40_000_000;
/** Wide enough for a card at 2x in a 600 px column. */
const MAX_WIDTH = 1200;
const NAME = /^[0-9a-f]{40}\.webp$/;

export interface StoredImage {
  name: string;
  width: number;
  height: number;
  blurhash: string | null;
}

export class CardImages {
  constructor(private readonly dir: string) {}

  /** The image fetched, re-encoded and kept; undefined if it is not an image one can read. */
  async keep(url: string, limits: FetchLimits): Promise<StoredImage | undefined> {
    try {
      const fetched = await fetchBytes(url, IMAGE_TYPES, { ...limits, maxBytes: MAX_IMAGE_BYTES }, true);
      const { data, info } = await sharp(fetched.body, { limitInputPixels: MAX_PIXELS, animated: false })
        .rotate()
        .resize({ width: MAX_WIDTH, height: MAX_WIDTH, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 75 })
        .toBuffer({ resolveWithObject: true });
      const name = `${crypto.createHash('sha256').update(data).digest('hex').slice(0, 40)}.webp`;
      privateDir(this.dir);
      const file = path.join(this.dir, name);
      if (!fs.existsSync(file)) {
        fs.writeFileSync(`${file}.tmp`, data);
        fs.renameSync(`${file}.tmp`, file);
      }
      return { name, width: info.width, height: info.height, blurhash: await blurhashOf(data) };
    } catch {
      return undefined;
    }
  }

  /** GET /card-images/:name, for every reader (the card is shown wherever its status is). */
  routes(app: FastifyInstance): void {
    app.get<{ Params: { name: string } }>('/card-images/:name', { schema: { hide: true } }, async (request, reply) => {
      const file = path.join(this.dir, request.params.name);
      if (!NAME.test(request.params.name) || !fs.existsSync(file)) return reply.code(404).send({ error: 'Record not found' });
      reply.type('image/webp').header('Cache-Control', 'public, max-age=31536000, immutable').header('X-Content-Type-Options', 'nosniff');
      return reply.send(fs.createReadStream(file));
    });
  }
}
