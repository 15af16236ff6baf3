// Mastodon gives every image a BlurHash (4 × 3 components, as Mastodon computes it) so that
// clients paint a blurred likeness while the image itself is still on its way over a slow
// connection. Computed once, from a tiny rendition of the image as kept.
import { encode } from 'blurhash';
import sharp from 'sharp';

export async function blurhashOf(image: Buffer): Promise<string | null> {
  try {
    const { data, info } = await sharp(image).resize(32, 32, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return encode(new Uint8ClampedArray(data), info.width, info.height, 4, 3);
  } catch {
    // A placeholder is a nicety: an image it cannot be made for is still kept and shown.
    return null;
  }
}
