import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAfterTest } from './local-ably.js';

/** One request a moderation endpoint received. */
export interface ModerationCall {
  headers: IncomingMessage['headers'];
  // The body is whatever ably-local sent; tests assert its shape.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type ModerationHandler = (call: ModerationCall, res: ServerResponse) => void | Promise<void>;

/**
 * A stand-in for a host's moderation service on 127.0.0.1:0 (closed after the test): it records every request
 * and answers through `handler`, which tests swap to play an endpoint that accepts, rejects, fails, stalls or
 * talks nonsense.
 */
export async function moderationEndpoint(initial: ModerationHandler) {
  const calls: ModerationCall[] = [];
  let handler = initial;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const call: ModerationCall = { headers: req.headers, body: text ? JSON.parse(text) : undefined };
      calls.push(call);
      void Promise.resolve(handler(call, res)).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeAfterTest({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/moderate`,
    calls,
    answer(next: ModerationHandler) {
      handler = next;
    },
  };
}

/** Answers with a JSON body and status 200 (or `status`). */
export function json(body: unknown, status = 200): ModerationHandler {
  return (_call, res) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };
}

/** `accept` unless the text contains `bad`, then `reject` with that reason. */
export function rejectWhen(bad: string, reason: string): ModerationHandler {
  return (call, res) =>
    json(
      String(call.body?.message?.text).includes(bad)
        ? { action: 'reject', rejectionReason: { reason, rule: 'test' } }
        : { action: 'accept' },
    )(call, res);
}
