import type { WireFormat } from './codec.js';
import type { Payload } from './wire-types.js';

/** The fields of a message, presence message or annotation that carry a payload. */
export interface PayloadCarrier {
  data?: Payload;
  encoding?: string | null;
}

/**
 * Ingress: bring an item's payload to canonical form (DESIGN §2.3). Over JSON a trailing `base64` step becomes
 * bytes; over msgpack `bin` already arrives as bytes. Every other encoding step stays opaque.
 */
export function canonicalPayload<T extends PayloadCarrier>(item: T): T {
  const { data, encoding } = item;
  // Anything not a string pair is left for the shape checks (item-shape.ts) to refuse.
  if (typeof data !== 'string' || typeof encoding !== 'string' || encoding === '') return item;
  const steps = encoding.split('/');
  if (steps[steps.length - 1] !== 'base64') return item;
  steps.pop();
  const out = { ...item, data: Buffer.from(data, 'base64') };
  if (steps.length > 0) out.encoding = steps.join('/');
  else delete out.encoding;
  return out;
}

/** Egress: bytes become base64 (with a `base64` step) over JSON, and stay bytes over msgpack. */
export function wirePayload<T extends PayloadCarrier>(item: T, format: WireFormat): T {
  if (format === 'msgpack' || !Buffer.isBuffer(item.data)) return item;
  const encoding = item.encoding ? `${item.encoding}/base64` : 'base64';
  return { ...item, data: item.data.toString('base64'), encoding };
}

/** Size of a payload in bytes, as Ably counts it toward `maxMessageSize`. */
export function payloadSize(data: Payload | undefined): number {
  if (data === undefined || data === null) return 0;
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (Buffer.isBuffer(data)) return data.length;
  return Buffer.byteLength(JSON.stringify(data));
}

/**
 * Ably's size of a message, presence message or annotation toward `maxMessageSize` (DESIGN §4.6): name +
 * clientId + JSON(extras) + data bytes.
 */
export function itemSize(item: {
  name?: string | null;
  clientId?: string | null;
  extras?: Record<string, unknown> | null;
  data?: Payload;
}): number {
  return (
    Buffer.byteLength(item.name ?? '') +
    Buffer.byteLength(item.clientId ?? '') +
    (item.extras ? Buffer.byteLength(JSON.stringify(item.extras)) : 0) +
    payloadSize(item.data)
  );
}
