import { decode as msgpackDecode, encode as msgpackEncode } from '@ably/msgpack-js';
import { errors } from './ably-error.js';
import { wirePayload } from './payload.js';
import type { ProtocolMessage } from './wire-types.js';

/** `format` query parameter of a connection, or the body format of a REST request (DESIGN §2.2). */
export type WireFormat = 'json' | 'msgpack';

/** Decodes one inbound frame; throws AblyError 40000 when it is not a ProtocolMessage. */
export function decodeFrame(raw: Buffer, format: WireFormat): ProtocolMessage {
  let value: unknown;
  try {
    value = format === 'msgpack' ? msgpackDecode(raw) : JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw errors.badRequest(`unable to decode frame; malformed ${format} (${(err as Error).message})`);
  }
  return protocolMessageOf(value);
}

/**
 * Checks that a decoded value is one ProtocolMessage (an object with an integer action); throws AblyError
 * 40000 otherwise. The comet transport decodes a batch once and checks each element with this.
 */
export function protocolMessageOf(value: unknown): ProtocolMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw errors.badRequest('unable to decode frame; a frame must be one ProtocolMessage object');
  }
  const pm = value as Record<string, unknown>;
  if (typeof pm.action !== 'number' || !Number.isInteger(pm.action)) {
    throw errors.badRequest('unable to decode frame; action must be an integer');
  }
  return pm as unknown as ProtocolMessage;
}

/** Encodes a value as a body for the given format; payload bytes become base64 over JSON. */
export function encodeBody(value: unknown, format: WireFormat): Buffer {
  if (format === 'msgpack') return msgpackEncode(value, true) ?? Buffer.alloc(0);
  return Buffer.from(JSON.stringify(value));
}

/** Decodes a REST request body; throws AblyError 40000 on malformed input. */
export function decodeBody(raw: Buffer, format: WireFormat): unknown {
  try {
    return format === 'msgpack' ? msgpackDecode(raw) : JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw errors.badRequest(`unable to decode body; malformed ${format} (${(err as Error).message})`);
  }
}

/** Encodes an outbound frame, turning payload bytes into the wire form of the format. */
export function encodeFrame(pm: ProtocolMessage, format: WireFormat): Buffer {
  return encodeBody(format === 'json' ? jsonSafe(pm) : pm, format);
}

function jsonSafe(pm: ProtocolMessage): ProtocolMessage {
  // Most frames carry no bytes; copy only when some payload must become base64.
  if (!hasBytes(pm.messages) && !hasBytes(pm.presence) && !hasBytes(pm.annotations)) return pm;
  const out = { ...pm };
  if (pm.messages) out.messages = pm.messages.map((m) => wirePayload(m, 'json'));
  if (pm.presence) out.presence = pm.presence.map((p) => wirePayload(p, 'json'));
  if (pm.annotations) out.annotations = pm.annotations.map((a) => wirePayload(a, 'json'));
  return out;
}

function hasBytes(items: { data?: unknown }[] | undefined): boolean {
  if (!items) return false;
  for (const item of items) if (Buffer.isBuffer(item.data)) return true;
  return false;
}
