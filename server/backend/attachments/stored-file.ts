import type { Readable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import type { AttachmentRef } from '../../contract/api-contract.js';
import type { StoredAttachment } from '../store/store.js';
import { isImageType } from './attachment-policy.js';

/** The wire description of a ready attachment (what `metadata.attachments` lists). */
export function refOf(a: StoredAttachment): AttachmentRef {
  return {
    id: a.id,
    name: a.name,
    size: a.storedSize ?? a.size,
    type: a.type ?? 'application/octet-stream',
    ...(a.width !== null && a.height !== null ? { width: a.width, height: a.height } : {}),
  };
}

/** The `Content-Type` a stored type is served with. */
export function servedType(type: string): string {
  return type === 'text/plain' ? 'text/plain; charset=utf-8' : type;
}

/**
 * How a stored file is served (issue #17): images inline (they are re-encoded pixels), everything else only
 * as a download; the name as sanitised, in RFC 6266 form.
 */
export function dispositionOf(a: Pick<StoredAttachment, 'name' | 'type'>, use: 'file' | 'thumbnail'): string {
  const inline = use === 'thumbnail' || isImageType(a.type ?? '');
  const name = use === 'thumbnail' ? `${a.name.replace(/\.[^.]*$/, '')}-thumbnail.webp` : a.name;
  return contentDisposition(name, { type: inline ? 'inline' : 'attachment' });
}

/** A file ready to stream to a browser. */
export interface ServedFile {
  body: Readable;
  headers: Record<string, string>;
}
