import { Action, MessageAction } from '../protocol/actions.js';
import { AblyError, errors } from '../protocol/ably-error.js';
import { Flag } from '../protocol/flags.js';
import { OutboundFrame } from '../protocol/outbound-frame.js';
import { itemSize } from '../protocol/payload.js';
import type { Payload, WireMessage } from '../protocol/wire-types.js';
import { summaryMethod, type Summary } from './annotation-summary.js';
import type { Audience } from './audience.js';
import type { ChannelContext, PublishOrigin } from './channel-context.js';
import type { StoredAnnotation, StoredMessage } from './message-store.js';
import { withIndex } from './serials.js';
import { SummaryCache } from './summary-cache.js';

export interface AnnotationInput {
  action: number;
  type: string;
  messageSerial: string;
  name?: string;
  count?: number;
  clientId?: string;
  id?: string;
  data?: Payload;
  encoding?: string;
  extras?: Record<string, unknown>;
}

/** Annotations one frame or REST request may carry (DESIGN §4.7). */
export const MAX_ANNOTATIONS_PER_FRAME = 100;
/** Annotations (creates and deletes) one message may collect; its summary is folded from at most these. */
export const MAX_ANNOTATIONS_PER_MESSAGE = 10_000;
/** A summary this large takes no further creates (deletes still apply): what each annotation fans out. */
export const MAX_SUMMARY_BYTES = 256 * 1024;

/**
 * Annotations of one channel's messages and their running summaries (DESIGN §4.7): stored, sent
 * raw to annotation subscribers, and folded into the target's summary, which goes to subscribers.
 */
export class ChannelAnnotations {
  private readonly _summaries: SummaryCache;

  constructor(
    private readonly _name: string,
    private readonly _ctx: ChannelContext,
    private readonly _audience: Audience,
  ) {
    this._summaries = new SummaryCache(
      (serial, limit) => _ctx.store.annotations(_name, serial, { limit }),
      MAX_ANNOTATIONS_PER_MESSAGE,
    );
  }

  /** The message's current summary (clipped), `{}` when it has no annotations. */
  summaryOf(serial: string): Summary {
    return this._summaries.fold(serial).summary();
  }

  /** One client's part of a message's summary (Chat `client-reactions`). */
  clientSummary(serial: string, clientId: string): Summary {
    return this._summaries.fold(serial).clientSummary(clientId);
  }

  /** Adds `annotations.summary` when the message has annotations. */
  withSummary(message: StoredMessage): StoredMessage {
    const summary = this.summaryOf(message.serial);
    return Object.keys(summary).length > 0 ? { ...message, annotations: { summary } } : message;
  }

  /**
   * Stores annotations, all or none: the channel's rules (93002 without mutable messages, DESIGN §15.4) and
   * every limit are checked before the first is stored. Authorisation is the caller's.
   */
  annotate(items: AnnotationInput[], origin: PublishOrigin): string[] {
    this._ctx.rules.assertMutable(this._name, 'annotate message');
    this._check(items);
    const now = this._ctx.clock.now();
    const base = this._ctx.serials.nextBase();
    const stored = items.map((item, index): StoredAnnotation => ({
      ...item,
      id: item.id ?? `${origin.pmId}:${index}`,
      serial: withIndex(base, index),
      connectionId: origin.connectionId,
      timestamp: now,
    }));
    for (const annotation of stored) {
      this._ctx.store.addAnnotation(this._name, annotation);
      this._summaries.record(annotation);
    }
    this._audience.send(
      Flag.ANNOTATION_SUBSCRIBE,
      new OutboundFrame({
        action: Action.ANNOTATION,
        channel: this._name,
        id: origin.pmId,
        timestamp: now,
        annotations: stored as unknown as Record<string, unknown>[],
      }),
    );
    for (const serial of new Set(stored.map((a) => a.messageSerial))) this._sendSummary(serial, origin, now);
    return stored.map((a) => a.serial);
  }

  private _check(items: AnnotationInput[]): void {
    if (items.length > MAX_ANNOTATIONS_PER_FRAME) {
      throw errors.badRequest(`unable to annotate; at most ${MAX_ANNOTATIONS_PER_FRAME} annotations at once`);
    }
    const size = items.reduce((sum, a) => sum + itemSize(a) + Buffer.byteLength(a.type), 0);
    if (size > this._ctx.maxMessageSize) throw errors.tooLarge(size, this._ctx.maxMessageSize, 'annotate');
    const added = new Map<string, number>();
    for (const item of items) {
      if (!this._ctx.store.get(this._name, item.messageSerial)) {
        throw errors.notFound(`unable to annotate message; no message with serial ${item.messageSerial}`);
      }
      const method = summaryMethod(item.type);
      if (method !== undefined && method !== 'total' && method !== 'multiple' && !item.clientId) {
        throw errors.invalidClientId(
          `unable to annotate message; ${item.type} requires an identified client`,
        );
      }
      const fold = this._summaries.fold(item.messageSerial);
      const count = (added.get(item.messageSerial) ?? 0) + 1;
      added.set(item.messageSerial, count);
      if (fold.count + count > MAX_ANNOTATIONS_PER_MESSAGE) {
        throw new AblyError(
          40000,
          400,
          `unable to annotate message; it already has ${MAX_ANNOTATIONS_PER_MESSAGE} annotations`,
        );
      }
      if (item.action !== 1 && fold.summaryBytes() >= MAX_SUMMARY_BYTES) {
        throw errors.tooLarge(fold.summaryBytes(), MAX_SUMMARY_BYTES, 'annotate message; summary');
      }
    }
  }

  private _sendSummary(serial: string, origin: PublishOrigin, now: number): void {
    const target = this._ctx.store.get(this._name, serial)!;
    const summary: WireMessage = {
      id: `${origin.pmId}:summary:${serial}`,
      action: MessageAction.SUMMARY,
      serial,
      name: target.name,
      timestamp: now,
      version: target.version,
      annotations: { summary: this.summaryOf(serial) },
    };
    this._audience.send(
      Flag.SUBSCRIBE,
      new OutboundFrame({ action: Action.MESSAGE, channel: this._name, timestamp: now, messages: [summary] }),
    );
  }
}
