// Short-lived signed links to the media of followers-only and direct posts. Browsers fetch
// images without credentials (an <img> sends no bearer token), so the link itself must be the
// permission: the server signs it when it shows the post to someone allowed to see it, and the
// signature expires. Mastodon serves every file to whoever holds its URL; we do that only for
// public and unlisted posts.
//
// Links are signed per time bucket, not per request: every viewer rendered within one bucket
// gets the same link, so a rendered status (posts/render-cache.ts keeps them, shared by every
// viewer allowed to see it) may be reused until its bucket ends (`reusableUntil`), and a link
// handed out always has at least LINK_LIFE_MS left to live.
import crypto from 'node:crypto';
import { dataDirKey } from '../lib/data-dir-key.js';

const BUCKET_MS = 15 * 60_000;
/** How long a link lives at least after it was last handed out (at most BUCKET_MS longer). */
export const LINK_LIFE_MS = 60 * 60_000;

export interface Signature {
  /** Expiry, in seconds since the epoch. */
  exp: number;
  sig: string;
}

export class MediaLinkSigner {
  constructor(private readonly secret: Buffer) {}

  /** The data directory's signing key, made at first start (lib/data-dir-key.ts). */
  static fromDataDir(dataDir: string): MediaLinkSigner {
    return new MediaLinkSigner(dataDirKey(dataDir, 'media-links.key'));
  }

  /** The signature for a file's links (both its sizes) handed out at `nowMs`. */
  sign(fileName: string, nowMs: number): Signature {
    const exp = Math.floor((bucketEnd(nowMs) + LINK_LIFE_MS) / 1000);
    return { exp, sig: this.mac(fileName, exp) };
  }

  /** Until when a link signed at `nowMs` may still be handed out (its bucket's end). */
  reusableUntil(nowMs: number): number {
    return bucketEnd(nowMs);
  }

  /** Is this an unexpired signature we made for this file? */
  verify(fileName: string, exp: string | undefined, sig: string | undefined, nowMs: number): boolean {
    if (exp === undefined || sig === undefined || !/^\d{1,12}$/.test(exp)) return false;
    const expiry = Number(exp);
    if (expiry * 1000 <= nowMs) return false;
    const expected = Buffer.from(this.mac(fileName, expiry));
    const given = Buffer.from(sig);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }

  private mac(fileName: string, exp: number): string {
    return crypto.createHmac('sha256', this.secret).update(`media:${fileName}:${exp}`).digest('base64url');
  }
}

function bucketEnd(nowMs: number): number {
  return (Math.floor(nowMs / BUCKET_MS) + 1) * BUCKET_MS;
}
