import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** One webhook request as it arrived. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  status: number;
}

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/**
 * An HTTP endpoint on 127.0.0.1:0 that records what ably-local's webhooks send. `answers` are used in order
 * (then 200 forever); `'stall'` never answers.
 */
export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  private readonly _waiters: (() => void)[] = [];

  private constructor(
    private readonly _server: Server,
    readonly url: string,
    private readonly _answers: (number | 'stall')[],
  ) {}

  static async start(answers: (number | 'stall')[] = []): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const receiver = new WebhookReceiver(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ably`,
      [...answers],
    );
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const answer = receiver._answers.shift() ?? 200;
        const body = Buffer.concat(chunks);
        let json: unknown;
        try {
          json = JSON.parse(body.toString('utf8'));
        } catch {
          json = undefined; // not JSON (non-enveloped text or bytes)
        }
        receiver.requests.push({ headers: req.headers, body, json, status: answer === 'stall' ? 0 : answer });
        receiver._waiters.splice(0).forEach((check) => check());
        if (answer !== 'stall') res.writeHead(answer).end();
      });
    });
    receivers.push(receiver);
    return receiver;
  }

  /** Resolves once `predicate` holds, re-checked at every request. */
  until(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => (predicate() ? resolve() : this._waiters.push(check));
      this._waiters.push(check);
    });
  }

  async close(): Promise<void> {
    this._server.closeAllConnections();
    await new Promise<void>((resolve) => this._server.close(() => resolve()));
  }
}
