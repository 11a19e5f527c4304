import { Readable } from 'node:stream';
import { errors } from '../errors.js';
import type { CompletedAttachment, StoredAttachment } from '../store/store.js';
import { isImageType, type AttachmentPolicy } from './attachment-policy.js';
import { typeFromBytes } from './file-inspection.js';
import { nameForType } from './file-names.js';
import { ImageRefusedError, reencodeImage } from './image-encoding.js';
import { attachmentKeys, type ObjectStorage } from './object-storage.js';

const OPERATION = 'complete upload';

/**
 * Checks the bytes of an announced upload and keeps them (issue #17): exactly the announced size; a type
 * decided by the bytes alone and taken by the task type's policy; images decoded and encoded again (no EXIF,
 * no GPS position, nothing hidden after the pixels, at most `maxPixels`) with a thumbnail; other files copied
 * as they are. The bytes as sent are deleted either way. Throws BackendError 1027, 1024 or 1025.
 */
export async function processUpload(
  storage: ObjectStorage,
  attachment: StoredAttachment,
  policy: AttachmentPolicy,
  maxPixels: number,
): Promise<CompletedAttachment> {
  const keys = attachmentKeys(attachment.id);
  try {
    const received = await storage.size(keys.incoming);
    if (received === undefined) throw errors.uploadIncomplete(OPERATION, 'no bytes were received');
    if (received !== attachment.size) {
      throw errors.uploadIncomplete(
        OPERATION,
        `${received} bytes were received, ${attachment.size} were announced`,
      );
    }
    const open = async () => {
      const stream = await storage.get(keys.incoming);
      if (!stream) throw errors.uploadIncomplete(OPERATION, 'the bytes received are gone');
      return stream;
    };
    const type = (await typeFromBytes(open)) ?? 'application/octet-stream';
    if (!policy.types.includes(type)) {
      throw errors.attachmentTypeNotAllowed(OPERATION, type, policy.types);
    }
    const name = nameForType(attachment.name, type);
    if (!isImageType(type)) {
      // The bytes as sent are the file: moved, not written again (a rename on disk).
      await storage.move(keys.incoming, keys.file);
      return { name, type, storedSize: attachment.size, width: null, height: null, thumbnail: false };
    }
    let image;
    try {
      image = await reencodeImage(await open(), type, maxPixels);
    } catch (err) {
      if (err instanceof ImageRefusedError) throw errors.attachmentRefused(OPERATION, err.message);
      throw err;
    }
    await storage.put(keys.file, Readable.from([image.data]), image.data.length, type);
    await storage.put(keys.thumbnail, Readable.from([image.thumbnail]), image.thumbnail.length, 'image/webp');
    return {
      name,
      type,
      storedSize: image.data.length,
      width: image.width,
      height: image.height,
      thumbnail: true,
    };
  } finally {
    await storage.delete([keys.incoming]);
  }
}
