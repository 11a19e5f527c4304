import { randomBytes } from 'node:crypto';
import { Action, MessageAction } from '../protocol/actions.js';
import { errors } from '../protocol/ably-error.js';
import { guard, guarded, reportSafely } from '../protocol/error-reporter.js';
import { Flag, hasFlag } from '../protocol/flags.js';
import { OutboundFrame } from '../protocol/outbound-frame.js';
import type { ProtocolMessage } from '../protocol/wire-types.js';
import type { Audience } from './audience.js';
import type { ChannelContext } from './channel-context.js';
import { ChannelMessages } from './channel-messages.js';
import { ChannelPresence } from './channel-presence.js';
import { holdsStreamAfter } from './continuity.js';
import type { StoredMessage } from './message-store.js';
import { MAX_REWIND, type Rewind } from './channel-params.js';
import { occupancyOf, wantsOccupancy, type OccupancyMetrics } from './occupancy.js';
import type { Member } from './presence-set.js';
import type { Attachment, Subscriber } from './subscriber.js';

export type { ChannelContext, PublishOrigin } from './channel-context.js';

export interface AttachRequest {
  /** Granted modes. */
  modes: number;
  /** Requested modes, kept so a later re-auth can widen the grant again (default: `modes`). */
  requested?: number;
  /** The name the client attached with, when it is not the channel's own (`[?params]name`). */
  alias?: string;
  /** Validated params (core/channel-params.ts), echoed on ATTACHED and kept on the attachment. */
  params: Record<string, string>;
  /** Where a fresh attach starts; ignored when the attach resumes (DESIGN §4.5). */
  rewind?: Rewind;
  channelSerial?: string | null;
}

export interface AttachResult {
  channelSerial: string;
  flags: number;
  params: Record<string, string>;
  /** Informational error on ATTACHED (continuity lost, rewind truncated). */
  error?: ReturnType<typeof errors.channelContinuityLost>;
  replay: StoredMessage[];
  members: Member[];
  /** The `[meta]occupancy` frame to send right after ATTACHED, when the attachment asked for it. */
  occupancy?: ProtocolMessage;
}

/**
 * One channel: its attachments, and the message and presence parts that fan out to them. Everything here
 * is synchronous, so registering an attachment, minting its attach serial and computing its replay happen
 * atomically with respect to publishes (DESIGN §4.4).
 */
export class Channel implements Audience {
  readonly messages: ChannelMessages;
  readonly presence: ChannelPresence;
  private readonly _attachments = new Map<string, Attachment>();
  /** Attachments per connection (a connection may attach under two names, DESIGN §4.3). */
  private readonly _perConnection = new Map<string, number>();
  private _occupancyTimer?: NodeJS.Timeout;
  private _lastOccupancy = '';
  /** Where the store's complete stream of this channel starts (DESIGN §4.4). */
  private readonly _coveredFrom: string;

  constructor(
    readonly name: string,
    private readonly _ctx: ChannelContext,
  ) {
    this._coveredFrom = _ctx.store.coveredFrom(name, _ctx.serials.next());
    this.messages = new ChannelMessages(name, _ctx, this);
    this.presence = new ChannelPresence(name, _ctx, this);
  }

  get isIdle(): boolean {
    return this._attachments.size === 0 && this.presence.size === 0 && !this.messages.remembersIds;
  }

  /** A connection's attachment under the name it used (`channel`, default the channel's own name). */
  attachment(connectionId: string, channel = this.name): Attachment | undefined {
    return this._attachments.get(attachmentKey(connectionId, channel, this.name));
  }

  occupancy(): OccupancyMetrics {
    return occupancyOf(this._attachments.values(), this.presence.size);
  }

  /** Registers (or refreshes) an attachment and decides continuity (DESIGN §4.4). */
  attach(subscriber: Subscriber, request: AttachRequest): AttachResult {
    // Held appends go out first: a rewound or resumed message must not be followed by fragments it holds.
    this.messages.flushRollups();
    const wireName = request.alias ?? this.name;
    const key = attachmentKey(subscriber.connectionId, wireName, this.name);
    const existing = this._attachments.get(key);
    if (!existing) {
      this._perConnection.set(
        subscriber.connectionId,
        (this._perConnection.get(subscriber.connectionId) ?? 0) + 1,
      );
    }
    const params = { ...request.params };
    const attachment: Attachment = {
      subscriber,
      channel: wireName,
      modes: request.modes,
      requested: request.requested ?? request.modes,
      params,
    };
    this._attachments.set(key, attachment);
    let flags = request.modes;
    let replay: StoredMessage[] = [];
    let channelSerial: string;
    let error: AttachResult['error'];
    const resumeFrom = request.channelSerial;
    const evictedThrough = this._ctx.store.evictedThrough(this.name);
    const canResume = holdsStreamAfter(resumeFrom, { coveredFrom: this._coveredFrom, evictedThrough });
    if (canResume) replay = this._ctx.store.after(this.name, resumeFrom!, this._ctx.maxReplay + 1);
    if (canResume && replay.length <= this._ctx.maxReplay) {
      channelSerial = resumeFrom!;
      flags |= Flag.RESUMED;
    } else {
      channelSerial = this._ctx.serials.next();
      if (resumeFrom) {
        error = errors.channelContinuityLost();
        replay = [];
      } else {
        const rewound = this._rewind(request.rewind);
        replay = rewound.messages;
        if (rewound.truncated) error = errors.backlogTruncated();
      }
    }
    if (replay.length > 0) flags |= Flag.HAS_BACKLOG;
    const members = hasFlag(request.modes, Flag.PRESENCE_SUBSCRIBE) ? this.presence.members() : [];
    if (members.length > 0) flags |= Flag.HAS_PRESENCE;
    this.changed();
    const occupancy = wantsOccupancy(attachment)
      ? { ...this._occupancyPm(this.occupancy()), channel: wireName }
      : undefined;
    return { channelSerial, flags, params, error, replay, members, occupancy };
  }

  /**
   * Recomputes an attachment's granted modes after its connection's capability changed: the requested modes
   * the new capability permits, narrower or wider (DESIGN §6.4). Occupancy follows.
   */
  regrant(connectionId: string, permitted: number, channel = this.name): void {
    const attachment = this.attachment(connectionId, channel);
    if (!attachment) return;
    const modes = attachment.requested & permitted;
    if (modes === attachment.modes) return;
    attachment.modes = modes;
    this.changed();
  }

  /**
   * Removes an attachment. The connection's members leave once it holds no other attachment here; returns
   * whether they did.
   */
  detach(connectionId: string, channel = this.name): boolean {
    if (this._attachments.delete(attachmentKey(connectionId, channel, this.name))) {
      const remaining = (this._perConnection.get(connectionId) ?? 1) - 1;
      if (remaining > 0) this._perConnection.set(connectionId, remaining);
      else this._perConnection.delete(connectionId);
      this.changed();
    }
    // Also when nothing was removed (a DETACH for a name never attached): members stay while any attachment does.
    if (this._perConnection.has(connectionId)) return false;
    this.presence.leaveConnection(connectionId);
    return true;
  }

  /** Audience: fan-out to attachments holding `mode` (DESIGN §3.4). */
  send(mode: number, frame: OutboundFrame | ((a: Attachment) => OutboundFrame), origin?: string): void {
    // Held appends go out before anything newer, so channel serials reach subscribers in order (DESIGN §4.7).
    this.messages.flushRollups();
    for (const a of this._attachments.values()) {
      if (!hasFlag(a.modes, mode)) continue;
      if (origin !== undefined && !a.subscriber.echo && a.subscriber.connectionId === origin) continue;
      // One subscriber's failure neither stops delivery to the others nor fails a committed publish.
      try {
        a.subscriber.send((typeof frame === 'function' ? frame(a) : frame).forChannel(a.channel));
      } catch (err) {
        reportSafely(this._ctx.report, 'deliver to a subscriber', err);
      }
    }
  }

  /** Audience: membership or attachments changed; occupancy subscribers hear about it shortly. */
  changed(): void {
    if (this._occupancyTimer) return;
    this._occupancyTimer = setTimeout(
      guarded(this._ctx.report, 'send occupancy', () => this._broadcastOccupancy()),
      this._ctx.occupancyDebounceMs,
    );
    this._occupancyTimer.unref();
  }

  /** Forgets message ids older than the idempotency window. */
  pruneIds(now: number): void {
    this.messages.pruneIds(now);
  }

  private _broadcastOccupancy(): void {
    this._occupancyTimer = undefined;
    const metrics = this.occupancy();
    const key = JSON.stringify(metrics);
    if (key === this._lastOccupancy) return;
    this._lastOccupancy = key;
    const frame = new OutboundFrame(this._occupancyPm(metrics));
    for (const a of this._attachments.values()) {
      if (!wantsOccupancy(a)) continue;
      guard(this._ctx.report, 'send occupancy', () => a.subscriber.send(frame.forChannel(a.channel)));
    }
  }

  private _occupancyPm(metrics: OccupancyMetrics): ProtocolMessage {
    const now = this._ctx.clock.now();
    return {
      action: Action.MESSAGE,
      channel: this.name,
      timestamp: now,
      messages: [
        {
          id: `occupancy-${randomBytes(6).toString('base64url')}:0`,
          name: '[meta]occupancy',
          action: MessageAction.META,
          timestamp: now,
          data: { metrics } as unknown as Record<string, unknown>,
        },
      ],
    };
  }

  /**
   * The messages a rewind sends (DESIGN §4.5): at most MAX_REWIND; `truncated` when more were asked for and
   * exist, which ATTACHED reports as 90004 (the attach still succeeds).
   */
  private _rewind(rewind: Rewind | undefined): { messages: StoredMessage[]; truncated: boolean } {
    if (!rewind) return { messages: [], truncated: false };
    const wanted = 'count' in rewind ? rewind.count : (rewind.limit ?? Number.POSITIVE_INFINITY);
    const take = Math.min(wanted, MAX_REWIND);
    if (take <= 0) return { messages: [], truncated: false };
    const now = this._ctx.clock.now();
    const since = 'sinceMs' in rewind ? now - rewind.sinceMs : undefined;
    const start = this._ctx.rules.historyStart(this.name, now, since);
    const found = this._ctx.store.history(this.name, { direction: 'backwards', limit: take + 1, start });
    if (found.length === 0 && since === undefined && this._ctx.rules.of(this.name).persistLast) {
      // `persistLast` keeps the last message for `rewind=1` beyond the retention window (DESIGN §15.4).
      return {
        messages: this._ctx.store.history(this.name, { direction: 'backwards', limit: 1 }),
        truncated: false,
      };
    }
    return { messages: found.slice(0, take).reverse(), truncated: found.length > take && wanted > take };
  }
}

/** Attachments are keyed by connection and by the name used, so `foo` and `[?rewind=1]foo` coexist. */
function attachmentKey(connectionId: string, channel: string, own: string): string {
  // Channel names never contain line breaks (core/channel-name.ts).
  return channel === own ? connectionId : `${connectionId}\n${channel}`;
}
