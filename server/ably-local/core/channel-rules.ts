import { AblyError } from '../protocol/ably-error.js';

/**
 * A channel rule ("namespace") as Ably's Control API describes it (`namespace_response`, DESIGN §15.2).
 * ably-local acts on `persisted`, `persistLast`, `pushEnabled` and `mutableMessages` (DESIGN §15.4); the
 * other settings are kept and answered as given.
 */
export interface NamespaceRule {
  id: string;
  authenticated: boolean;
  persisted: boolean;
  persistLast: boolean;
  pushEnabled: boolean;
  batchingEnabled: boolean;
  batchingInterval?: number;
  conflationEnabled: boolean;
  conflationInterval?: number;
  conflationKey?: string;
  tlsOnly: boolean;
  exposeTimeserial: boolean;
  mutableMessages: boolean;
  populateChannelRegistry: boolean;
}

/** What the rules make of one channel. */
export interface ChannelBehaviour {
  /** The matching rule's id, if any. */
  namespace?: string;
  /** History older than Ably's default two minutes is kept (persisted, mutable messages, Chat rooms). */
  persisted: boolean;
  /** The last message stays available to `rewind=1` beyond the two minutes (`persistLast`). */
  persistLast: boolean;
  /** Messages with `extras.push` are delivered to subscribed devices. */
  pushEnabled: boolean;
  /** Updates, deletes, appends and annotations are allowed (else 93002). */
  mutableMessages: boolean;
}

/** Ably keeps every message for two minutes; rules keep them longer (Ably docs, "Message storage"). */
export const DEFAULT_RETENTION_MS = 2 * 60 * 1000;

const CHAT_SUFFIX = '::$chat';

/**
 * The rules that apply to a resolved channel name (DESIGN §15.4). A rule's id is a namespace (`notifications`
 * applies to `notifications` and `notifications:*`) or a full channel name; the longest matching id wins. A
 * Chat room channel (`<room>::$chat`) always has mutable, stored messages, as Ably Chat rooms do, and takes
 * its other settings from the rule of its room. Metachannels have none. Pure.
 */
export function behaviourOf(rules: Iterable<NamespaceRule>, channel: string): ChannelBehaviour {
  if (channel.startsWith('['))
    return { persisted: false, persistLast: false, pushEnabled: false, mutableMessages: false };
  const chat = channel.endsWith(CHAT_SUFFIX) && channel.length > CHAT_SUFFIX.length;
  let match: NamespaceRule | undefined;
  for (const rule of rules) {
    if (channel !== rule.id && !channel.startsWith(`${rule.id}:`)) continue;
    if (!match || rule.id.length > match.id.length) match = rule;
  }
  const mutableMessages = chat || (match?.mutableMessages ?? false);
  return {
    ...(match ? { namespace: match.id } : {}),
    // Ably stores messages of namespaces with mutable messages "regardless of" the persisted rule.
    persisted: mutableMessages || (match?.persisted ?? false),
    persistLast: match?.persistLast ?? false,
    pushEnabled: match?.pushEnabled ?? false,
    mutableMessages,
  };
}

/**
 * The channel rules of the app, replaced as the Control API changes them; channels ask on every operation,
 * so a change applies at once (a cache keyed by channel name is dropped on every change).
 */
export class ChannelRules {
  private _rules: NamespaceRule[] = [];
  private _cache = new Map<string, ChannelBehaviour>();

  set(rules: readonly NamespaceRule[]): void {
    this._rules = [...rules];
    this._cache = new Map();
  }

  of(channel: string): ChannelBehaviour {
    let behaviour = this._cache.get(channel);
    if (!behaviour) {
      behaviour = behaviourOf(this._rules, channel);
      // Bounded: a flood of distinct channel names cannot grow it without limit.
      if (this._cache.size >= 10_000) this._cache.clear();
      this._cache.set(channel, behaviour);
    }
    return behaviour;
  }

  /**
   * 93002 unless the channel allows updates, deletes, appends and annotations (DESIGN §15.4): Ably's answer
   * when the namespace lacks the "Message annotations, updates, deletes, and appends" rule.
   */
  assertMutable(channel: string, operation: string): void {
    if (this.of(channel).mutableMessages) return;
    throw new AblyError(
      93002,
      400,
      `unable to ${operation}; channel ${JSON.stringify(channel)} is not in a namespace with mutable messages enabled (the "Message annotations, updates, deletes, and appends" channel rule)`,
    );
  }

  /**
   * The `start` of a history or rewind read (DESIGN §15.4): the caller's own, raised to two minutes ago
   * unless the channel's messages are persisted.
   */
  historyStart(channel: string, now: number, start?: number): number | undefined {
    if (this.of(channel).persisted) return start;
    const retained = now - DEFAULT_RETENTION_MS;
    return start === undefined ? retained : Math.max(start, retained);
  }
}
