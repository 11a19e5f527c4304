import { errors } from '../protocol/ably-error.js';
import { assertExtras, assertOptionalString, assertPayload } from '../protocol/item-shape.js';
import type { AnnotationInput } from './channel-annotations.js';

/** Validates an annotation item from the wire (realtime or REST); `claimedExtras` stamps the user claim. */
export function annotationInput(
  raw: Record<string, unknown>,
  clientId: string | undefined,
  claimedExtras: (extras: Record<string, unknown> | undefined) => Record<string, unknown> | undefined,
): AnnotationInput {
  const action = raw.action ?? 0;
  if (action !== 0 && action !== 1)
    throw errors.badRequest('unable to annotate; action must be 0 (create) or 1 (delete)');
  if (typeof raw.type !== 'string' || raw.type === '')
    throw errors.badRequest('unable to annotate; type is required');
  if (typeof raw.messageSerial !== 'string')
    throw errors.badRequest('unable to annotate; messageSerial is required');
  if (raw.name !== undefined && typeof raw.name !== 'string')
    throw errors.badRequest('unable to annotate; name must be a string');
  assertOptionalString(raw.id, 'id', 'annotate');
  assertPayload(raw.data, raw.encoding, 'annotate');
  assertExtras(raw.extras, 'annotate');
  if (raw.count !== undefined && (!Number.isInteger(raw.count) || (raw.count as number) < 1)) {
    throw errors.badRequest('unable to annotate; count must be a positive integer');
  }
  const input: AnnotationInput = { action, type: raw.type, messageSerial: raw.messageSerial };
  if (raw.name !== undefined) input.name = raw.name as string;
  if (raw.count !== undefined) input.count = raw.count as number;
  if (clientId !== undefined) input.clientId = clientId;
  if (typeof raw.id === 'string') input.id = raw.id;
  if (raw.data !== undefined && raw.data !== null) input.data = raw.data as AnnotationInput['data'];
  if (typeof raw.encoding === 'string') input.encoding = raw.encoding;
  const extras = claimedExtras((raw.extras ?? undefined) as Record<string, unknown> | undefined);
  if (extras !== undefined) input.extras = extras;
  return input;
}
