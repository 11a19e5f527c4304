import { WebSocket, type RawData } from 'ws';

/** Protocol actions (Ably protocol, TR2). */
const Action = {
  HEARTBEAT: 0,
  ACK: 1,
  NACK: 2,
  CONNECTED: 4,
  DISCONNECTED: 6,
  CLOSE: 7,
  ERROR: 9,
  ATTACH: 10,
  ATTACHED: 11,
  PRESENCE: 14,
  MESSAGE: 15,
} as const;

/** JSON frames from ably-local and the baseline both start with the action (insertion order). */
const MESSAGE_PREFIX = `{"action":${Action.MESSAGE},`;
const HANDSHAKE_TIMEOUT_MS = 15_000;

export interface RawClientOptions {
  /** Basic (key) auth in the query; or `accessToken`, a JWT as the element gets from the backend. */
  key?: string;
  accessToken?: string;
  /** The connectionKey of a dropped connection, to resume it (server/ably-local/DESIGN.md §3.2). */
  resume?: string;
  /** `echo=false`: the server does not send a connection its own messages (used for publishers). */
  echo?: boolean;
  /** Every MESSAGE frame, as text, unparsed; the caller extracts what it needs. */
  onMessage?: (frame: string) => void;
}

/**
 * A load-generator client that speaks the minimal Ably JSON protocol over raw `ws` (server/ably-local/DESIGN.md §3, §4):
 * connect → CONNECTED, ATTACH → ATTACHED, MESSAGE with msgSerial → ACK/NACK. Much cheaper than the SDK, and the
 * same for ably-local and the baseline, so the load generator costs the same on both.
 */
export class RawAblyClient {
  acks = 0;
  nacks = 0;
  lastError?: string;
  /** From CONNECTED: what `resume` needs after a drop. */
  connectionKey?: string;
  connectionId?: string;
  private _msgSerial = 0;
  private readonly _errors = new Set<string>();
  private readonly _attaching = new Map<string, { resolve: () => void; reject: (err: Error) => void }>();

  private constructor(
    private readonly _ws: WebSocket,
    private readonly _onMessage: ((frame: string) => void) | undefined,
  ) {}

  /** Opens a socket and waits for CONNECTED; rejects on ERROR, close or timeout. */
  static connect(wsUrl: string, options: RawClientOptions): Promise<RawAblyClient> {
    const query = new URLSearchParams({ format: 'json', v: '6', heartbeats: 'false' });
    if (options.key !== undefined) query.set('key', options.key);
    if (options.accessToken !== undefined) query.set('access_token', options.accessToken);
    if (options.resume !== undefined) query.set('resume', options.resume);
    if (options.echo === false) query.set('echo', 'false');
    const ws = new WebSocket(`${wsUrl}?${query}`, { perMessageDeflate: false });
    const client = new RawAblyClient(ws, options.onMessage);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error('unable to connect; no CONNECTED in time')),
        HANDSHAKE_TIMEOUT_MS,
      );
      const fail = (err: Error): void => {
        clearTimeout(timer);
        ws.terminate();
        reject(err);
      };
      ws.on('error', (err) => fail(err));
      ws.on('close', () => {
        fail(new Error(`unable to connect; socket closed (${client.lastError ?? 'no error frame'})`));
        client._failAttaches(new Error('socket closed'));
      });
      ws.on('message', (data: RawData) => {
        const pm = client._receive(data as Buffer);
        if (pm?.action === Action.CONNECTED) {
          clearTimeout(timer);
          resolve(client);
        } else if (pm?.action === Action.ERROR && pm.channel === undefined) {
          fail(new Error(`unable to connect; ${client.lastError}`));
        }
      });
    });
  }

  attach(channel: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`unable to attach ${channel}; timed out`)),
        HANDSHAKE_TIMEOUT_MS,
      );
      this._attaching.set(channel, {
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (err) => (clearTimeout(timer), reject(err)),
      });
      this._ws.send(JSON.stringify({ action: Action.ATTACH, channel }));
    });
  }

  /** Publishes one message whose `data` is the given string. */
  publish(channel: string, data: string): void {
    const pm = {
      action: Action.MESSAGE,
      channel,
      msgSerial: this._msgSerial++,
      messages: [{ name: 'b', data }],
    };
    this._ws.send(JSON.stringify(pm));
  }

  /** Enters presence on an attached channel with `data` (the connection's token must carry a clientId). */
  enterPresence(channel: string, data: string): void {
    const pm = {
      action: Action.PRESENCE,
      channel,
      msgSerial: this._msgSerial++,
      presence: [{ action: 2, data }],
    };
    this._ws.send(JSON.stringify(pm));
  }

  /** CLOSE, so ably-local discards the connection at once instead of keeping it for resume. */
  close(): void {
    if (this._ws.readyState === WebSocket.OPEN) this._ws.send(JSON.stringify({ action: Action.CLOSE }));
    this._ws.close();
  }

  terminate(): void {
    this._ws.terminate();
  }

  /** Distinct NACK/ERROR messages since the last call (at most ten). */
  takeErrors(): string[] {
    const errors = [...this._errors];
    this._errors.clear();
    return errors;
  }

  private _noteError(error: { code?: number; message?: string } | undefined): void {
    this.lastError = describe(error);
    if (this._errors.size < 10) this._errors.add(this.lastError);
  }

  private _receive(data: Buffer): { action: number; channel?: string } | undefined {
    const text = data.toString();
    if (text.startsWith(MESSAGE_PREFIX)) {
      this._onMessage?.(text);
      return undefined;
    }
    const pm = JSON.parse(text) as {
      action: number;
      channel?: string;
      error?: { code?: number; message?: string };
      connectionId?: string;
      connectionDetails?: { connectionKey?: string };
    };
    switch (pm.action) {
      case Action.CONNECTED:
        this.connectionKey = pm.connectionDetails?.connectionKey;
        this.connectionId = pm.connectionId;
        break;
      case Action.ACK:
        this.acks++;
        break;
      case Action.NACK:
        this.nacks++;
        this._noteError(pm.error);
        break;
      case Action.ATTACHED:
        this._attaching.get(pm.channel!)?.resolve();
        this._attaching.delete(pm.channel!);
        break;
      case Action.ERROR:
      case Action.DISCONNECTED:
        this._noteError(pm.error);
        if (pm.channel !== undefined) {
          this._attaching
            .get(pm.channel)
            ?.reject(new Error(`unable to attach ${pm.channel}; ${this.lastError}`));
          this._attaching.delete(pm.channel);
        }
        break;
      default:
        break; // HEARTBEAT and anything else carry nothing the benchmark needs
    }
    return pm;
  }

  private _failAttaches(err: Error): void {
    for (const pending of this._attaching.values()) pending.reject(err);
    this._attaching.clear();
  }
}

function describe(error: { code?: number; message?: string } | undefined): string {
  return error ? `${error.code ?? '?'} ${error.message ?? ''}`.trim() : 'no error detail';
}
