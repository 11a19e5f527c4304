import type { ErrorInfoWire } from '../protocol/ably-error.js';
import { wirePayload } from '../protocol/payload.js';
import type { Payload } from '../protocol/wire-types.js';

/** How a stream writes its events: Server-Sent Events, or Ably's plain newline-delimited JSON stream. */
export type StreamFormat = 'sse' | 'plain';

/** One event of the SSE API (DESIGN §16.3): a message, a presence message, an error or a heartbeat. */
export interface StreamEvent {
  event: 'message' | 'presence' | 'error' | 'heartbeat';
  /** What the event carries: an object (a Message, PresenceMessage or ErrorInfo) or a bare payload string. */
  data?: Record<string, unknown> | ErrorInfoWire | string;
  /** Where a new stream resumes from (`lastEvent`); messages and presence only. */
  id?: string;
}

interface PayloadItem {
  data?: Payload;
  encoding?: string | null;
}

/**
 * A message or presence message as the SSE API sends it (DESIGN §16.3): its wire fields plus the channel
 * name the stream asked for. No SDK decodes it, so the payload is always text: bytes become base64 and an
 * object or array becomes its JSON, each adding its step to `encoding`.
 */
export function streamItem<T extends PayloadItem>(item: T, channel: string): Record<string, unknown> {
  return { ...(textPayload(item) as Record<string, unknown>), channel };
}

/** The payload alone, as `enveloped=false` sends it: text, with the same encoding steps applied. */
export function bareData(item: PayloadItem): string {
  const { data } = textPayload(item);
  return typeof data === 'string' ? data : '';
}

function textPayload<T extends PayloadItem>(item: T): T {
  const { data } = item;
  if (data !== null && typeof data === 'object' && !Buffer.isBuffer(data)) {
    const encoding = item.encoding ? `${item.encoding}/json` : 'json';
    return { ...item, data: JSON.stringify(data), encoding };
  }
  return wirePayload(item, 'json');
}

/**
 * One event in the stream's format. SSE: `id:`, `event:` and one `data:` line per line of the data (the
 * JSON of an object), then a blank line. Plain: one JSON line `{id?, event, data?}` with objects inline.
 */
export function encodeEvent(event: StreamEvent, format: StreamFormat): string {
  if (format === 'plain') return `${JSON.stringify(event)}\n`;
  let text = event.id === undefined ? '' : `id: ${event.id}\n`;
  text += `event: ${event.event}\n`;
  const data =
    event.data === undefined ? '' : typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  // Every line of the data gets its own `data:` field; an EventSource joins them back with line feeds.
  for (const line of data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return `${text}\n`;
}

/**
 * The keepalive of an idle stream: Ably's `:keepalive` comment (SSE) or an empty line (plain), or with
 * `heartbeats=true` an explicit heartbeat event.
 */
export function keepalive(format: StreamFormat, heartbeats: boolean): string {
  if (heartbeats) return encodeEvent({ event: 'heartbeat' }, format);
  return format === 'sse' ? ':keepalive\n\n' : '\n';
}
