// Image processing for uploads: the type comes from the bytes (sharp reads the header), never
// from the file name or the client's Content-Type. Every output is re-encoded, which drops EXIF,
// GPS and any other metadata, after the EXIF orientation has been applied to the pixels.
import sharp from 'sharp';
import { ApiError } from '../http/errors.js';
import { blurhashOf } from './blurhash.js';

export const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif']);
export const DISPLAY_MAX = 1600;
export const THUMBNAIL_MAX = 400;
const MAX_PIXELS = 16_777_216;

export interface ImageSize {
  width: number;
  height: number;
  size: string;
  aspect: number;
}

export interface ProcessedImage {
  display: Buffer;
  thumbnail: Buffer;
  meta: { original: ImageSize; small: ImageSize };
  blurhash: string | null;
}

const sizeOf = (width: number, height: number): ImageSize => ({ width, height, size: `${width}x${height}`, aspect: width / height });

export async function processImage(input: Buffer): Promise<ProcessedImage> {
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata()).format;
  } catch {
    throw new ApiError(422, 'Validation failed: the file is not an image Sirb can read (JPEG, PNG, WebP or GIF)');
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) {
    throw new ApiError(422, 'Validation failed: the file is not an image Sirb can read (JPEG, PNG, WebP or GIF)');
  }
  try {
    const render = (max: number) =>
      sharp(input, { limitInputPixels: MAX_PIXELS })
        .rotate()
        .resize({ width: max, height: max, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
    const [display, thumbnail] = await Promise.all([render(DISPLAY_MAX), render(THUMBNAIL_MAX)]);
    return {
      blurhash: await blurhashOf(thumbnail.data),
      display: display.data,
      thumbnail: thumbnail.data,
      meta: { original: sizeOf(display.info.width, display.info.height), small: sizeOf(thumbnail.info.width, thumbnail.info.height) },
    };
  } catch {
    throw new ApiError(422, 'Validation failed: the image is damaged or too large to process');
  }
}
