import { ChatClient, LogLevel, type Room } from '@ably/chat';
import * as Ably from 'ably';

/** How a soak client reaches ably-local: through the proxy, with the soak's key. */
export interface SoakEndpoint {
  port: number;
  key: string;
}

export type SoakTransport = 'web_socket/json' | 'web_socket/msgpack' | 'comet';

/** Every message carries who sent it and its place in that sender's sequence. */
export interface SoakPayload {
  pub: string;
  seq: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Real SDK clients; retries are quick so a one-minute soak sees several reconnects. */
export function soakRealtime(
  endpoint: SoakEndpoint,
  clientId: string,
  transport: SoakTransport,
): Ably.Realtime {
  return new Ably.Realtime({
    endpoint: '127.0.0.1',
    port: endpoint.port,
    tls: false,
    key: endpoint.key,
    clientId,
    useBinaryProtocol: transport === 'web_socket/msgpack',
    transports: [transport === 'comet' ? 'comet' : 'web_socket'],
    disableConnectivityCheck: true,
    disconnectedRetryTimeout: 300,
    suspendedRetryTimeout: 1000,
    httpRequestTimeout: 5000,
    logLevel: 0,
  });
}

/** A sender; `confirmed` is how many of its messages it knows were accepted (0 … confirmed − 1). */
export interface SoakPublisher {
  readonly name: string;
  readonly confirmed: number;
  /** Attempts that failed and were retried (errors seen by the app). */
  readonly retries: number;
  /** Sends one message after another until `stop` resolves its loop. */
  run(intervalMs: number, stopped: () => boolean): Promise<void>;
  close(): void;
}

/**
 * Chat messages over Chat REST (`room.messages.send`). A send that failed may still have landed (the answer
 * was lost on a cut connection, or the server died after committing), and Chat's own idempotency key is new
 * per call; so before sending again the publisher looks for its message in history, as a careful app does.
 */
export class ChatPublisher implements SoakPublisher {
  confirmed = 0;
  retries = 0;
  private readonly _realtime: Ably.Realtime;
  private readonly _room: Promise<Room>;

  constructor(
    readonly name: string,
    endpoint: SoakEndpoint,
    roomName: string,
  ) {
    this._realtime = soakRealtime(endpoint, name, 'web_socket/json');
    this._room = new ChatClient(this._realtime, { logLevel: LogLevel.Silent }).rooms.get(roomName);
  }

  async run(intervalMs: number, stopped: () => boolean): Promise<void> {
    const room = await this._room;
    while (!stopped()) {
      await this._send(room, this.confirmed);
      this.confirmed++;
      await sleep(intervalMs);
    }
  }

  close(): void {
    this._realtime.close();
  }

  private async _send(room: Room, seq: number): Promise<void> {
    const payload: SoakPayload = { pub: this.name, seq };
    for (;;) {
      try {
        await room.messages.send({ text: `${this.name} ${seq}`, metadata: { ...payload } });
        return;
      } catch {
        this.retries++;
        if (await this._landed(room, seq)) return;
        await sleep(200);
      }
    }
  }

  /** Whether message `seq` is in history already; retried until history answers. */
  private async _landed(room: Room, seq: number): Promise<boolean> {
    for (;;) {
      try {
        const page = await room.messages.history({ limit: 100 });
        return page.items.some((m) => m.metadata.pub === this.name && m.metadata.seq === seq);
      } catch {
        await sleep(200);
      }
    }
  }
}

/**
 * Pub/sub messages over realtime with their own ids (`<publisher>:<seq>`), Ably's idempotent publishing: a
 * publish retried after a failure, or re-sent by the SDK on a new connection, is accepted once.
 */
export class PubSubPublisher implements SoakPublisher {
  confirmed = 0;
  retries = 0;
  private readonly _realtime: Ably.Realtime;

  constructor(
    readonly name: string,
    endpoint: SoakEndpoint,
    private readonly _channel: string,
    transport: SoakTransport,
  ) {
    this._realtime = soakRealtime(endpoint, name, transport);
  }

  async run(intervalMs: number, stopped: () => boolean): Promise<void> {
    const channel = this._realtime.channels.get(this._channel);
    while (!stopped()) {
      const seq = this.confirmed;
      const data: SoakPayload = { pub: this.name, seq };
      for (;;) {
        try {
          await channel.publish({ id: `${this.name}:${seq}`, name: 'soak', data });
          break;
        } catch {
          this.retries++;
          await sleep(200);
        }
      }
      this.confirmed++;
      await sleep(intervalMs);
    }
  }

  close(): void {
    this._realtime.close();
  }
}

/** A receiver: sequence numbers per publisher in arrival order, and the discontinuities it was told of. */
export interface SoakSubscriber {
  readonly name: string;
  readonly received: Map<string, number[]>;
  readonly discontinuities: number;
  ready(): Promise<void>;
  close(): void;
}

function record(received: Map<string, number[]>, payload: Partial<SoakPayload> | undefined): void {
  if (typeof payload?.pub !== 'string' || typeof payload.seq !== 'number') return;
  let list = received.get(payload.pub);
  if (!list) received.set(payload.pub, (list = []));
  list.push(payload.seq);
}

/** A Chat room subscriber; a room discontinuity is counted (the soak expects none). */
export class ChatSubscriber implements SoakSubscriber {
  readonly received = new Map<string, number[]>();
  discontinuities = 0;
  private readonly _realtime: Ably.Realtime;
  private readonly _ready: Promise<void>;

  constructor(
    readonly name: string,
    endpoint: SoakEndpoint,
    roomName: string,
    transport: SoakTransport,
  ) {
    this._realtime = soakRealtime(endpoint, name, transport);
    const chat = new ChatClient(this._realtime, { logLevel: LogLevel.Silent });
    this._ready = chat.rooms.get(roomName).then(async (room) => {
      room.messages.subscribe((event) =>
        record(this.received, event.message.metadata as Partial<SoakPayload>),
      );
      room.onDiscontinuity(() => this.discontinuities++);
      await room.attach();
    });
  }

  ready(): Promise<void> {
    return this._ready;
  }

  close(): void {
    this._realtime.close();
  }
}

/** A pub/sub channel subscriber; an ATTACHED without RESUMED after the first attach is a discontinuity. */
export class PubSubSubscriber implements SoakSubscriber {
  readonly received = new Map<string, number[]>();
  discontinuities = 0;
  private readonly _realtime: Ably.Realtime;
  private readonly _ready: Promise<void>;

  constructor(
    readonly name: string,
    endpoint: SoakEndpoint,
    channelName: string,
    transport: SoakTransport,
  ) {
    this._realtime = soakRealtime(endpoint, name, transport);
    const channel = this._realtime.channels.get(channelName);
    let attachedOnce = false;
    // An UPDATE (attached → attached) counts as well: its `previous` is `attached` too.
    channel.on((change) => {
      if (change.current !== 'attached') return;
      if (attachedOnce && !change.resumed) this.discontinuities++;
      attachedOnce = true;
    });
    this._ready = channel
      .subscribe((message) => record(this.received, message.data as Partial<SoakPayload>))
      .then(() => undefined);
  }

  ready(): Promise<void> {
    return this._ready;
  }

  close(): void {
    this._realtime.close();
  }
}
