import { decode, encode } from '@ably/msgpack-js';
import WebSocket from 'ws';

export interface RawFrame {
  action: number;
  [field: string]: unknown;
}

/**
 * A hand-driven protocol client for the negative cases the SDK cannot produce: malformed frames, floods,
 * unknown actions. Records every decoded inbound frame and the close code.
 */
export class RawClient {
  readonly frames: RawFrame[] = [];
  closeCode?: number;
  private constructor(
    private readonly _ws: WebSocket,
    readonly format: 'json' | 'msgpack',
  ) {
    _ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.frames.push((isBinary ? decode(data) : JSON.parse(data.toString())) as RawFrame);
    });
    _ws.on('close', (code) => (this.closeCode = code));
    _ws.on('error', () => undefined);
  }

  static async connect(port: number, query: string, format: 'json' | 'msgpack' = 'json'): Promise<RawClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/?${query}&format=${format}&v=6`);
    const client = new RawClient(ws, format);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(frame: unknown): void {
    if (this.format === 'msgpack') this._ws.send(encode(frame, true)!);
    else this._ws.send(JSON.stringify(frame));
  }

  sendRaw(data: Buffer | string, binary = typeof data !== 'string'): void {
    this._ws.send(data, { binary });
  }

  get isClosed(): boolean {
    return this.closeCode !== undefined;
  }

  ofAction(action: number): RawFrame[] {
    return this.frames.filter((f) => f.action === action);
  }

  close(): void {
    this._ws.terminate();
  }
}
