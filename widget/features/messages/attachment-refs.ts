import type { AttachmentRef } from '../../../server/contract/api-contract.js';

export type { AttachmentRef };

const ID = /^[0-9a-f]{32}$/;

/**
 * The files a message's metadata lists (`metadata.attachments`), read as untrusted input (Ably's guidance for
 * `metadata`): at most ten entries with a well-formed id, a name, a type and a whole number of bytes. Never URLs:
 * the backend hands those out. Names are shown as text. Pure.
 */
export function attachmentsOf(metadata: unknown): AttachmentRef[] {
  const list = (metadata as { attachments?: unknown } | null | undefined)?.attachments;
  return Array.isArray(list) ? list.slice(0, 10).filter(wellFormed) : [];
}

function wellFormed(entry: unknown): entry is AttachmentRef {
  const { id, name, type, size } = (entry ?? {}) as Partial<Record<keyof AttachmentRef, unknown>>;
  return (
    ID.test(String(id)) && typeof name === 'string' && typeof type === 'string' && Number.isSafeInteger(size)
  );
}

/**
 * Whether a file shows as a picture: an image with sane dimensions (the backend keeps only the raster types it
 * re-encodes, and a forged entry gets no URL from it).
 */
export function isPhoto(ref: AttachmentRef): boolean {
  const { width, height } = ref;
  return ref.type.startsWith('image/') && side(width) && side(height);
}

function side(n: unknown): n is number {
  return Number.isInteger(n) && (n as number) > 0 && (n as number) < 1e5;
}

/** Largest box of a photo in a bubble, in CSS pixels. */
const BOX = { width: 240, height: 300 };

/**
 * The photo's box at its final size, from its dimensions alone, so nothing moves when it loads: at most
 * 240×300 px (smaller on narrow lists: the width is a maximum and the aspect ratio holds). Pure.
 */
export function photoBox(ref: AttachmentRef): string {
  const ratio = ref.width! / ref.height!;
  const width = Math.round(Math.min(BOX.width, BOX.height * ratio, ref.width!));
  return `width:${width}px;aspect-ratio:${ref.width}/${ref.height}`;
}

/** Where the reader's browser fetches a file now (short-lived URLs from the backend). */
export interface FileLinks {
  url: string;
  thumbnailUrl?: string;
}

/** A file's links once known, or `missing` when the backend does not serve it (removed, or not this task's). */
export type FileState = FileLinks | 'missing';
