import { z } from 'zod';
import { isValidTaskId, MAX_TASK_ID_LENGTH } from '../ably-auth/channel-names.js';
import { ROLES } from '../ably-auth/capabilities.js';

/**
 * What a user id, display name, role and task id may contain: the rules shared by participant tokens, the
 * host session hook and the tasks API. Pure.
 */

export const MAX_USER_ID_LENGTH = 128;
export const MAX_NAME_LENGTH = 100;

/**
 * A user id becomes the Ably clientId: letters, digits and `_ . @ : + = | -` (e-mail addresses and ids such
 * as `auth0|42` fit). Never `*`, which Ably reads as a wildcard clientId.
 */
const USER_ID = /^[A-Za-z0-9_.@:+=|-]+$/;

/** Control characters, lone surrogates, bidi overrides/isolates and the BOM: never part of a shown name. */
const UNSAFE_IN_NAME = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069\uFEFF]/u;
const VISIBLE = /[^\p{Z}\p{Cf}\s]/u;

export const userIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_USER_ID_LENGTH, `must be at most ${MAX_USER_ID_LENGTH} characters`)
  .regex(USER_ID, 'may contain only letters, digits and _ . @ : + = | -');

export const taskIdSchema = z
  .string()
  .refine(
    isValidTaskId,
    `must be 1–${MAX_TASK_ID_LENGTH} characters of letters, digits and _ . @ -, in segments separated by single colons`,
  );

export const roleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

/**
 * A display name: trimmed and NFC-normalised, 1–100 characters with something visible, no control or
 * bidi-override characters. HTML is kept verbatim as text; the widget renders names as text, never markup.
 */
export const displayNameSchema = z
  .string()
  .transform((name) => name.normalize('NFC').trim())
  .refine((name) => [...name].length <= MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`)
  .refine((name) => !UNSAFE_IN_NAME.test(name), 'must not contain control or bidi-override characters')
  .refine((name) => VISIBLE.test(name), 'must contain a visible character');

/** Readable one-line summary of a zod error: `name: must not be empty; role: must be one of …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
