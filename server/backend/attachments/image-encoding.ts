import type { Readable } from 'node:stream';
import sharp, { type Metadata, type Sharp } from 'sharp';

/** Longest side of a thumbnail, in pixels (a bubble is at most ~300 CSS px wide; twice that for dense screens). */
export const THUMBNAIL_SIZE = 640;
export const DEFAULT_MAX_PIXELS = 40_000_000;

/** A re-encoded image and its thumbnail. */
export interface EncodedImage {
  data: Buffer;
  thumbnail: Buffer;
  /** Pixels of the re-encoded image (upright: EXIF orientation applied). */
  width: number;
  height: number;
}

/** Why an image was not kept (the caller turns it into a refusal). */
export class ImageRefusedError extends Error {
  override name = 'ImageRefusedError';
}

/**
 * Decodes an image and encodes it again in its own format (issue #17), so nothing but pixels survives: EXIF
 * (the GPS position included), XMP, comments and any bytes hidden after the image are gone, and its EXIF
 * orientation is applied. Images over `maxPixels` (all frames of an animation together) are refused before
 * they are decoded, against decompression bombs. Also makes a WebP thumbnail. Runs in libvips' threads.
 */
export async function reencodeImage(
  source: Readable,
  type: string,
  maxPixels = DEFAULT_MAX_PIXELS,
): Promise<EncodedImage> {
  const animated = type === 'image/gif' || type === 'image/webp';
  const input = sharp({ limitInputPixels: maxPixels, animated, sequentialRead: true });
  source.on('error', (err) => input.destroy(err));
  source.pipe(input);
  let meta: Metadata;
  try {
    meta = await input.metadata();
  } catch (err) {
    throw refusal(err);
  }
  const frames = meta.pages ?? 1;
  const frameHeight = meta.pageHeight ?? meta.height;
  if (meta.width * frameHeight * frames > maxPixels) {
    throw new ImageRefusedError(`the image has more than ${maxPixels} pixels`);
  }
  try {
    const [full, thumbnail] = await Promise.all([
      encode(input.clone().rotate(), type).toBuffer({ resolveWithObject: true }),
      input
        .clone()
        .rotate()
        .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 75 })
        .toBuffer(),
    ]);
    const height = full.info.pageHeight ?? full.info.height;
    return { data: full.data, thumbnail, width: full.info.width, height };
  } catch (err) {
    throw refusal(err);
  }
}

function encode(image: Sharp, type: string): Sharp {
  switch (type) {
    case 'image/jpeg':
      return image.jpeg({ quality: 85, mozjpeg: true });
    case 'image/png':
      return image.png();
    case 'image/gif':
      return image.gif();
    default:
      return image.webp({ quality: 85 });
  }
}

function refusal(err: unknown): ImageRefusedError {
  const message = err instanceof Error ? err.message : String(err);
  return new ImageRefusedError(
    /pixel limit/i.test(message)
      ? 'the image has too many pixels'
      : `the image cannot be decoded (${message.split('\n')[0]})`,
  );
}
