import { MAX_FILES_PER_MESSAGE } from './attachment-policy.js';

/** An attachment id: 32 lower-case hex digits (the backend makes them). */
export const ATTACHMENT_ID = /^[0-9a-f]{32}$/;

/**
 * The attachment ids a message's metadata lists (`metadata.attachments[].id`), well-formed ones only and at
 * most ten: metadata is the sender's word, read as untrusted input. Pure.
 */
export function attachmentIdsOf(metadata: unknown): string[] {
  const list = (metadata as { attachments?: unknown } | null | undefined)?.attachments;
  if (!Array.isArray(list)) return [];
  const ids = list
    .slice(0, MAX_FILES_PER_MESSAGE)
    .map((entry) => (entry as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === 'string' && ATTACHMENT_ID.test(id));
  return [...new Set(ids)];
}

/** What a message says about one of its files: enough to name it in an alert or a transcript. */
export interface ListedAttachment {
  id: string;
  name: string;
  size: number;
  type: string;
}

/**
 * The files a message's metadata lists, well-formed entries only (an id, a name, a size and a type) and at
 * most ten: what transcripts and alerts show. Untrusted: the sender wrote it. Pure.
 */
export function listedAttachmentsOf(metadata: unknown): ListedAttachment[] {
  const list = (metadata as { attachments?: unknown } | null | undefined)?.attachments;
  if (!Array.isArray(list)) return [];
  return list.slice(0, MAX_FILES_PER_MESSAGE).flatMap((entry: unknown) => {
    const { id, name, size, type } = (entry ?? {}) as Record<string, unknown>;
    const valid =
      typeof id === 'string' &&
      ATTACHMENT_ID.test(id) &&
      typeof name === 'string' &&
      typeof size === 'number' &&
      Number.isSafeInteger(size) &&
      size >= 0 &&
      typeof type === 'string';
    return valid ? [{ id, name: name.slice(0, 200), size, type: type.slice(0, 200) }] : [];
  });
}
