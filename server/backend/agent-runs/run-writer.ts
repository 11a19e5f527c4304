import type { AgentRunHeaders } from '../../contract/api-contract.js';

/** The run's message as the writer changes it: the seam between the writer and the agent's connection. */
export interface RunChannel {
  /** Appends `text` to the message (`message.append`). */
  append(serial: string, text: string): Promise<unknown>;
  /** Replaces the message's text and headers (`message.update`). */
  update(serial: string, text: string, headers: AgentRunHeaders): Promise<unknown>;
}

/**
 * Writes one run's text into its message as Ably's AI Transport does: each piece is appended without waiting
 * for the one before (the connection keeps them in order); when an append is lost, the full text so far is
 * written again with an update, which the connection orders after every append already sent, so the message
 * heals without a gap or a repeat. {@link close} always ends with an update carrying the full text and the
 * final status, so whatever was lost on the way, the closed message is whole.
 */
export class RunWriter {
  private _text = '';
  private _bytes = 0;
  private readonly _inFlight = new Set<Promise<unknown>>();
  private _repairing = false;
  /** Appends lost and repaired (for the log). */
  lost = 0;

  constructor(
    private readonly _channel: RunChannel,
    private readonly _serial: string,
    private readonly _headers: AgentRunHeaders,
  ) {}

  get text(): string {
    return this._text;
  }

  /** UTF-8 bytes written so far. */
  get bytes(): number {
    return this._bytes;
  }

  write(piece: string): void {
    if (piece.length === 0) return;
    this._text += piece;
    this._bytes += Buffer.byteLength(piece);
    this._track(this._channel.append(this._serial, piece).catch(() => this._repair()));
  }

  /**
   * Waits for what is in flight, then writes the full text with the final headers. Rejects when that update
   * fails (the caller decides what a message that could not be closed means).
   */
  async close(headers: AgentRunHeaders): Promise<void> {
    while (this._inFlight.size > 0) await Promise.allSettled([...this._inFlight]);
    await this._channel.update(this._serial, this._text, headers);
  }

  private _repair(): void {
    this.lost++;
    if (this._repairing) return;
    this._repairing = true;
    this._track(
      this._channel
        .update(this._serial, this._text, this._headers)
        .catch(() => undefined) // close() writes the full text again
        .finally(() => {
          this._repairing = false;
        }),
    );
  }

  private _track(promise: Promise<unknown>): void {
    this._inFlight.add(promise);
    void promise.finally(() => this._inFlight.delete(promise));
  }
}
