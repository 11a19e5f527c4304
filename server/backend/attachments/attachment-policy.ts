import type { AttachmentLimits } from '../../contract/api-contract.js';
import type { Role } from '../ably-auth/capabilities.js';

/**
 * What files a task type takes (docs/backend.md §7): data, like the moderation policies. The backend
 * decides a file's type from its bytes and keeps it only when that type is listed.
 */
export interface AttachmentPolicy {
  /** Largest file, in bytes. */
  maxBytes: number;
  /** Media types taken (as the backend decides them: see {@link KNOWN_TYPES}). */
  types: readonly string[];
  /** Roles that may attach; default every role that may send messages. */
  roles?: readonly Role[];
}

/** Task type → policy (`null`: no attachments); `*` covers every type not named. */
export type AttachmentPolicyTable = Readonly<Record<string, AttachmentPolicy | null>>;

export const MAX_FILES_PER_MESSAGE = 10;
export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

/** Raster images: re-encoded on upload (EXIF and GPS position dropped), shown inline. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;

/** Office documents of the OOXML and OpenDocument formats (the legacy binary ones share a container with installers). */
export const DOCUMENT_TYPES = [
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
] as const;

/**
 * Every type the backend can recognise and serve, with the file-name extensions that fit it (the first is
 * added to a name whose extension does not fit, so a download never opens as something else).
 */
export const KNOWN_TYPES: Readonly<Record<string, readonly string[]>> = {
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'text', 'md', 'csv', 'log'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
};

/** The default: 25 MB of images, PDF, plain text and common office documents. */
export const STANDARD_ATTACHMENTS: AttachmentPolicy = {
  maxBytes: DEFAULT_MAX_BYTES,
  types: [...IMAGE_TYPES, 'application/pdf', 'text/plain', ...DOCUMENT_TYPES],
};

/** The default table: game sessions take images only (10 MB); every other type the standard policy. */
export function defaultAttachmentPolicies(maxBytes = DEFAULT_MAX_BYTES): AttachmentPolicyTable {
  const standard = { ...STANDARD_ATTACHMENTS, maxBytes };
  const images = { maxBytes: Math.min(maxBytes, 10 * 1024 * 1024), types: [...IMAGE_TYPES] };
  return { game: images, match: images, session: images, lobby: images, '*': standard };
}

/** The policy of a task type: its own entry, else `*`; undefined when the type takes no files. */
export function attachmentPolicyFor(
  table: AttachmentPolicyTable,
  taskType: string,
): AttachmentPolicy | undefined {
  const entry = Object.hasOwn(table, taskType) ? table[taskType] : table['*'];
  return entry ?? undefined;
}

/**
 * What a participant may attach now, for the token answer: null when the task is closed, the role may not
 * send messages or is not among the policy's roles, or the type takes no files. Pure.
 */
export function attachmentLimitsFor(
  policy: AttachmentPolicy | undefined,
  role: Role,
  options: { closed: boolean; canPublish: boolean },
): AttachmentLimits | null {
  if (!policy || options.closed || !options.canPublish) return null;
  if (policy.roles !== undefined && !policy.roles.includes(role)) return null;
  return { maxBytes: policy.maxBytes, maxFiles: MAX_FILES_PER_MESSAGE, types: [...policy.types] };
}

/** Whether a stored type is shown inline (`<img>`, a full view) rather than only downloaded. */
export function isImageType(type: string): boolean {
  return (IMAGE_TYPES as readonly string[]).includes(type);
}
