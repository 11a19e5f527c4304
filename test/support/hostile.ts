import { expect, vi } from 'vitest';
import type { LocalAbly } from '../../server/ably-local/create-server.js';
import { closeAfterTest } from './local-ably.js';
import { RawClient, type RawFrame } from './raw-client.js';

/** Protocol actions the attack tests read. */
export const A = {
  HEARTBEAT: 0,
  ACK: 1,
  NACK: 2,
  CONNECTED: 4,
  DISCONNECTED: 6,
  ERROR: 9,
  ATTACH: 10,
  ATTACHED: 11,
  PRESENCE: 14,
  MESSAGE: 15,
  SYNC: 16,
  AUTH: 17,
  ANNOTATION: 21,
} as const;

/** A raw client on the server key (or `query`), once CONNECTED; closed after the test. */
export async function rawClient(
  server: LocalAbly,
  query = `key=${encodeURIComponent(server.clientOptions.key)}`,
  format: 'json' | 'msgpack' = 'json',
  port = server.port,
): Promise<RawClient> {
  const client = await RawClient.connect(port, query, format);
  closeAfterTest(client);
  await vi.waitFor(() => expect(client.frames.length).toBeGreaterThan(0));
  return client;
}

/** The ACK or NACK of one msgSerial, once it arrived. */
export async function ackOf(client: RawClient, msgSerial: number): Promise<RawFrame> {
  let frame: RawFrame | undefined;
  await vi.waitFor(
    () => {
      frame = client.frames.find(
        (f) => (f.action === A.ACK || f.action === A.NACK) && f.msgSerial === msgSerial,
      );
      expect(frame).toBeDefined();
    },
    { interval: 5, timeout: 5000 },
  );
  return frame!;
}

/** JSON text of an array nested `depth` deep: ~2 bytes per level, far past any stack. */
export function deepJsonText(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** A JS value nested `depth` deep (small depths only; larger ones are sent as text). */
export function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** A REST call with Basic auth on the server key (or `auth`), JSON body; answers status and parsed body. */
export async function restCall(
  server: LocalAbly,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(server.clientOptions.key).toString('base64')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (e.g. an empty body): the text is the answer
  }
  return { status: res.status, body: parsed };
}

/** The Ably error code of a REST answer. */
export function codeOf(answer: { body: unknown }): number | undefined {
  return (answer.body as { error?: { code?: number } }).error?.code;
}
