import { errors, type AblyError } from '../protocol/ably-error.js';
import { reportSafely, type ErrorReporter } from '../protocol/error-reporter.js';
import { askRule, type RuleOutcome } from './moderation-client.js';
import {
  parseModerationRules,
  ruleCovers,
  type ModerationRule,
  type ModerationRuleSpec,
} from './moderation-rule.js';
import { failureError, rejectionError } from './moderation-verdict.js';

/** The Chat message a rule is asked about (Ably's custom-moderation request, `message`). */
export interface ModeratedMessage {
  clientId: string;
  text: string;
  metadata: Record<string, unknown>;
  headers: Record<string, unknown>;
}

/** Requests one rule may have waiting at once; beyond that a message gets the failed action at once. */
export const MAX_IN_FLIGHT_PER_RULE = 1000;

const CHAT_SUFFIX = '::$chat';
const CHAT_MESSAGE = 'chat.message';

/**
 * Before-publish moderation of Chat messages (DESIGN §12): for a message created or updated on a room whose
 * channel a rule matches, POSTs Ably's custom-moderation request to the rule's endpoint and waits for
 * `accept` or `reject`. Nothing is stored or fanned out before every matching rule has accepted, so a
 * rejected message never reaches subscribers, history or integrations. Each call waits on its own, so a slow
 * endpoint delays only the messages it moderates.
 */
export class BeforePublishModeration {
  private _rules: ModerationRule[] = [];
  private readonly _inFlight = new Map<string, number>();

  constructor(
    private readonly _appId: string,
    private readonly _report: ErrorReporter,
    rules: readonly ModerationRuleSpec[] = [],
  ) {
    this.setRules(rules);
  }

  /** Replaces every rule (validated first; throws `ModerationConfigError` and keeps the old ones). */
  setRules(specs: readonly ModerationRuleSpec[]): void {
    this._rules = specs.length === 0 ? [] : parseModerationRules(specs);
  }

  /** The rules covering a channel: only Chat room channels (`<room>::$chat`) are moderated. */
  rulesFor(channel: string): ModerationRule[] {
    if (this._rules.length === 0 || !channel.endsWith(CHAT_SUFFIX)) return [];
    const room = channel.slice(0, -CHAT_SUFFIX.length);
    return this._rules.filter((rule) => ruleCovers(rule, channel, room));
  }

  /** Whether any rule covers the channel. */
  covers(channel: string): boolean {
    if (this._rules.length === 0 || !channel.endsWith(CHAT_SUFFIX)) return false;
    const room = channel.slice(0, -CHAT_SUFFIX.length);
    return this._rules.some((rule) => ruleCovers(rule, channel, room));
  }

  /**
   * Resolves when every rule covering `channel` accepts `message`, or when one fails and its failed action is
   * `publish`; otherwise rejects with 42213 (rejected, reason in `detail`) or 42211 (no decision).
   * `operation` completes "unable to …" ("send message", "update message").
   */
  async moderate(channel: string, message: ModeratedMessage, operation: string): Promise<void> {
    const room = channel.slice(0, -CHAT_SUFFIX.length);
    for (const rule of this.rulesFor(channel)) {
      const outcome = await this._ask(rule, room, message);
      if (outcome.kind === 'accept') continue;
      if (outcome.kind === 'reject') throw rejectionError(operation, outcome.detail);
      const error = failureError(operation, rule.id, outcome.why);
      // The operator needs to hear that an endpoint is failing, whichever way the message then goes.
      this._reportFailure(rule, error);
      if (rule.failedAction === 'reject') throw error;
    }
  }

  /**
   * Chat messages on a moderated room come only through the Chat REST API, where they are moderated: a pub/sub
   * write named `chat.message` there by a token holder (realtime or REST; a create, or an edit of such a
   * message) would skip every rule, so it is refused with 42211. Key holders (Basic auth) are the app's own
   * servers and may, as Ably lets privileged publishers skip rules (DESIGN §12.4). `names`: the written names
   * and, for an edit, the target's.
   */
  assertNotBypassed(
    identity: { kind: 'basic' | 'token' },
    channel: string,
    names: readonly unknown[],
    operation: string,
  ): void {
    if (identity.kind === 'basic' || !names.includes(CHAT_MESSAGE) || !this.covers(channel)) return;
    throw errors.rejectedByIntegration(
      `unable to ${operation}; chat messages on this room are moderated and must be sent with the Chat API`,
    );
  }

  private async _ask(rule: ModerationRule, room: string, message: ModeratedMessage): Promise<RuleOutcome> {
    const waiting = this._inFlight.get(rule.id) ?? 0;
    if (waiting >= MAX_IN_FLIGHT_PER_RULE) {
      return { kind: 'fail', why: `${MAX_IN_FLIGHT_PER_RULE} requests already waiting` };
    }
    this._inFlight.set(rule.id, waiting + 1);
    try {
      return await askRule(rule, JSON.stringify(this._request(rule, room, message)));
    } finally {
      const left = (this._inFlight.get(rule.id) ?? 1) - 1;
      if (left === 0) this._inFlight.delete(rule.id);
      else this._inFlight.set(rule.id, left);
    }
  }

  /** Ably's custom-moderation request (DESIGN §12.2). */
  private _request(rule: ModerationRule, room: string, message: ModeratedMessage) {
    return {
      source: 'chat.message',
      appId: this._appId,
      room,
      site: 'local',
      ruleId: rule.id,
      message: {
        clientId: message.clientId,
        text: message.text,
        metadata: message.metadata,
        headers: message.headers,
      },
    };
  }

  private _reportFailure(rule: ModerationRule, error: AblyError): void {
    reportSafely(this._report, `moderate a message with rule ${rule.id} (${rule.url.origin})`, error);
  }
}
