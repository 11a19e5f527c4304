import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** One webhook request as it arrived. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  /** The status answered; 0 while unanswered. */
  status: number;
}

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/** How the receiver answers one request: a status, never (`'stall'`), or 200 once {@link WebhookReceiver.release}d. */
export type WebhookAnswer = number | 'stall' | 'hold';

/**
 * An HTTP endpoint on 127.0.0.1:0 that records what ably-local's webhooks send. `answers` are used in order
 * (then 200 forever); `'stall'` never answers; `'hold'` answers 200 when released.
 */
export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  /** Requests answered so far. */
  answered = 0;
  private readonly _waiters: (() => void)[] = [];
  private readonly _held: (() => void)[] = [];
  private _released = false;

  private constructor(
    private readonly _server: Server,
    readonly url: string,
    private readonly _answers: WebhookAnswer[],
  ) {}

  static async start(answers: WebhookAnswer[] = []): Promise<WebhookReceiver> {
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
        let answer = receiver._answers.shift() ?? 200;
        if (answer === 'hold' && receiver._released) answer = 200;
        const body = Buffer.concat(chunks);
        let json: unknown;
        try {
          json = JSON.parse(body.toString('utf8'));
        } catch {
          json = undefined; // not JSON (non-enveloped text or bytes)
        }
        const request: ReceivedWebhook = { headers: req.headers, body, json, status: 0 };
        receiver.requests.push(request);
        const respond = (status: number) => {
          request.status = status;
          receiver.answered++;
          res.writeHead(status).end();
          receiver._waiters.splice(0).forEach((check) => check());
        };
        if (answer === 'hold') receiver._held.push(() => respond(200));
        else if (answer !== 'stall') respond(answer);
        receiver._waiters.splice(0).forEach((check) => check());
      });
    });
    receivers.push(receiver);
    return receiver;
  }

  /** Answers the held requests with 200, and every later `'hold'` at once. */
  release(): void {
    this._released = true;
    this._held.splice(0).forEach((respond) => respond());
  }

  /** Resolves once `predicate` holds, re-checked at every request and answer. */
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
