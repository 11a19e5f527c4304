import type { ChannelEvents } from '../core/channel-events.js';
import type { Clock } from '../core/clock.js';
import type { StoredMessage } from '../core/message-store.js';
import type { Member } from '../core/presence-set.js';
import type { ErrorReporter } from '../protocol/error-reporter.js';
import { WebhookDispatcher, type WebhookPost, type WebhookTiming } from './webhook-dispatcher.js';
import { wireItem, type WebhookEvent } from './webhook-request.js';
import type { WebhookRule, WebhookSource } from './webhook-rule.js';

/**
 * Outbound webhooks (DESIGN §14): every persisted message version and every presence change on a
 * channel a rule's filter matches becomes an event for that rule's dispatcher. Rules can be replaced while
 * running (`npm start` learns the backend's port after ably-local started).
 */
export class Webhooks implements ChannelEvents {
  private _dispatchers: WebhookDispatcher[] = [];

  constructor(
    private readonly _appId: string,
    private readonly _timing: WebhookTiming,
    private readonly _post: WebhookPost,
    private readonly _clock: Clock,
    private readonly _report: ErrorReporter,
  ) {}

  /**
   * Replaces every rule. A rule that is exactly as before keeps its dispatcher and the events queued for it
   * (a Control API change to another rule loses nothing); events queued for removed or changed ones are
   * dropped.
   */
  setRules(rules: readonly WebhookRule[]): void {
    const kept = new Map(this._dispatchers.map((d) => [ruleKey(d.rule), d]));
    this._dispatchers = rules.map((rule) => {
      const key = ruleKey(rule);
      const same = kept.get(key);
      kept.delete(key);
      return (
        same ?? new WebhookDispatcher(rule, this._appId, this._timing, this._post, this._clock, this._report)
      );
    });
    for (const dispatcher of kept.values()) dispatcher.close();
  }

  messages(channel: string, messages: readonly StoredMessage[]): void {
    this._emit('channel.message', channel, messages);
  }

  presence(channel: string, members: readonly Member[]): void {
    this._emit('channel.presence', channel, members);
  }

  close(): void {
    this.setRules([]);
  }

  private _emit(source: WebhookSource, channel: string, items: readonly (StoredMessage | Member)[]): void {
    let event: WebhookEvent | undefined;
    for (const dispatcher of this._dispatchers) {
      const { rule } = dispatcher;
      if (!rule.sources.has(source) || !rule.channelFilter.test(channel)) continue;
      // Built once for all matching rules, and only when one matches.
      event ??= { source, channel, timestamp: this._clock.now(), items: items.map(wireItem) };
      dispatcher.enqueue(event);
    }
  }
}

/** Everything that makes a rule behave as it does, as one string. */
function ruleKey(rule: WebhookRule): string {
  return JSON.stringify({
    ...rule,
    channelFilter: [rule.channelFilter.source, rule.channelFilter.flags],
    sources: [...rule.sources].sort(),
  });
}
