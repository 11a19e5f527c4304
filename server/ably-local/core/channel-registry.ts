import { errors } from '../protocol/ably-error.js';
import type { ChannelContext } from './channel-context.js';
import { Channel } from './channel.js';

/** Channels by name, created on first use and dropped once idle (DESIGN §4). */
export class ChannelRegistry {
  private readonly _channels = new Map<string, Channel>();

  constructor(readonly context: ChannelContext) {}

  get(name: string): Channel {
    let channel = this._channels.get(name);
    if (!channel) {
      assertValidChannelName(name);
      channel = new Channel(name, this.context);
      this._channels.set(name, channel);
    }
    return channel;
  }

  find(name: string): Channel | undefined {
    return this._channels.get(name);
  }

  /** Drops channels with no attachments, members or remembered ids. */
  sweep(): void {
    const now = this.context.clock.now();
    for (const [name, channel] of this._channels) {
      channel.pruneIds(now);
      if (channel.isIdle) this._channels.delete(name);
    }
  }
}

/**
 * Ably's channel-name rule (DESIGN §4.1): non-empty, no line breaks, and not starting with `:`, `,`,
 * whitespace, or `[` unless it is a qualifier this server understands (`[meta]`, `[?params]`, `[filter=…]`).
 */
export function assertValidChannelName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || /[\r\n]/.test(name) || /^[:,\s]/.test(name)) {
    throw errors.invalidChannel(String(name));
  }
  if (name.startsWith('[') && !/^\[(meta|\?[^\]]*|filter=[^\]]*)\][^\s:,[]/.test(name)) {
    throw errors.invalidChannel(name);
  }
}
