import type { RawFrame } from './raw-client.js';

/**
 * A hand-driven comet (`xhr_polling`) client for the negative cases the SDK cannot produce: malformed
 * `send` bodies, unknown connection keys, clients that stop polling. Every call is one HTTP request; frames
 * from `connect` and `recv` are recorded in order.
 */
export class RawCometClient {
  readonly frames: RawFrame[] = [];
  connectionKey?: string;

  private constructor(private readonly _base: string) {}

  /** `GET /comet/connect?<query>&stream=false`; records what it answers (CONNECTED, or an ERROR). */
  static async connect(port: number, query: string): Promise<RawCometClient> {
    const client = new RawCometClient(`http://127.0.0.1:${port}/comet`);
    const frames = await client._get(`${client._base}/connect?${query}&stream=false&v=6`);
    const connected = frames.find((f) => f.action === 4) as
      { connectionDetails?: { connectionKey?: string } } | undefined;
    client.connectionKey = connected?.connectionDetails?.connectionKey;
    return client;
  }

  /** One long poll (with ably-js's `rnd` when given); resolves with the frames it answered with (also recorded). */
  recv(rnd?: string): Promise<RawFrame[]> {
    return this._get(this._url('recv', rnd));
  }

  /** `POST …/send` with `body` (an array of frames, or raw text); the HTTP status and parsed answer. */
  async send(body: unknown, rnd?: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(this._url('send', rnd), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async close(): Promise<void> {
    await this._get(this._url('close'));
  }

  async disconnect(): Promise<void> {
    await this._get(this._url('disconnect'));
  }

  ofAction(action: number): RawFrame[] {
    return this.frames.filter((f) => f.action === action);
  }

  private _url(operation: string, rnd?: string): string {
    const url = `${this._base}/${encodeURIComponent(this.connectionKey ?? 'no-key')}/${operation}`;
    return rnd === undefined ? url : `${url}?rnd=${encodeURIComponent(rnd)}`;
  }

  private async _get(url: string): Promise<RawFrame[]> {
    const res = await fetch(url);
    const frames = (await res.json()) as RawFrame[];
    if (!Array.isArray(frames)) throw new Error(`unable to read comet answer; ${JSON.stringify(frames)}`);
    this.frames.push(...frames);
    return frames;
  }
}
