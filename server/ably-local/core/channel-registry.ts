import type { ChannelContext } from './channel-context.js';
import { Channel } from './channel.js';
import { assertValidChannelName } from './channel-name.js';

/** Channels by name, created on first use and dropped once idle (DESIGN §4). */
export class ChannelRegistry {
  private readonly _channels = new Map<string, Channel>();

  constructor(readonly context: ChannelContext) {}

  /** The channel of a resolved name (core/channel-name.ts), created on first use. */
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
