import type * as Ably from 'ably';
import { RUN_MESSAGE } from './agent-run.js';

/** Runs a fresh attach brings back (one message each, their text combined): enough for every run still live. */
const REWIND = '10';

/**
 * The task's agent channel, attached only while a run is live or recent: a fresh attach rewinds to the newest
 * runs (each arrives whole, as one message), a resume continues where the connection left off, and an attach
 * that could not resume reads the runs again from history (`untilAttach`, so nothing falls between them).
 * Every message goes to `onMessage`.
 */
export class AgentChannel {
  private _channel?: Ably.RealtimeChannel;
  private _attached = false;
  /** The next ATTACHED is the fresh attach's own (it rewinds): no history read for it. */
  private _fresh = true;

  constructor(
    private readonly _onMessage: (message: Ably.InboundMessage) => void,
    private readonly _onError: (err: unknown) => void,
  ) {}

  /** Attaches (once; again after {@link detach}) and subscribes. */
  attach(realtime: Ably.Realtime, name: string): void {
    if (this._attached) return;
    this._attached = true;
    this._fresh = true;
    const channel = realtime.channels.get(name, { params: { rewind: REWIND } });
    if (channel !== this._channel) {
      this._channel = channel;
      // After an attach that did not resume (the connection was gone too long), some appends are lost: read
      // every run whole again. A fresh attach rewinds instead.
      channel.on(['attached', 'update'], (change) => {
        const fresh = this._fresh;
        this._fresh = false;
        if (fresh || change.resumed || channel !== this._channel) return;
        void channel
          .history({ untilAttach: true, limit: Number(REWIND) })
          .then((page) => page.items.reverse().forEach(this._onMessage), this._onError);
      });
    }
    channel.subscribe(RUN_MESSAGE, this._onMessage).catch((err: unknown) => {
      this._attached = false;
      this._onError(err);
    });
  }

  /** Leaves the channel (a quiet task costs nothing); the runs already seen stay with their owner. */
  detach(): void {
    const channel = this._channel;
    if (!channel || !this._attached) return;
    this._attached = false;
    channel.unsubscribe(RUN_MESSAGE, this._onMessage);
    void channel.detach().catch(() => undefined);
  }

  /** The session ended: forget the channel (its client is closing). */
  close(): void {
    this._channel?.unsubscribe();
    this._channel?.off();
    this._channel = undefined;
    this._attached = false;
  }

  get attached(): boolean {
    return this._attached;
  }
}
