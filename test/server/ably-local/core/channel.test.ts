import { describe, expect, it } from 'vitest';
import { Channel } from '../../../../server/ably-local/core/channel.js';
import { ChannelRules } from '../../../../server/ably-local/core/channel-rules.js';
import { MemoryMessageStore } from '../../../../server/ably-local/core/message-store.js';
import { SerialGenerator } from '../../../../server/ably-local/core/serials.js';
import type { Subscriber } from '../../../../server/ably-local/core/subscriber.js';
import { consoleErrorReporter } from '../../../../server/ably-local/protocol/error-reporter.js';
import { Flag } from '../../../../server/ably-local/protocol/flags.js';
import type { OutboundFrame } from '../../../../server/ably-local/protocol/outbound-frame.js';

const MODES = Flag.PUBLISH | Flag.SUBSCRIBE | Flag.PRESENCE | Flag.PRESENCE_SUBSCRIBE;

function setup(maxMessagesPerChannel = 10_000, maxReplay = 10_000, startMs = 1_000) {
  let now = startMs;
  const clock = { now: () => now++ };
  const channel = new Channel('c', {
    store: new MemoryMessageStore(maxMessagesPerChannel),
    rules: new ChannelRules(),
    serials: new SerialGenerator(() => clock.now()),
    clock,
    maxMessageSize: 65_536,
    idempotencyWindowMs: 120_000,
    maxReplay,
    presenceHistoryLimit: 100,
    presenceHistoryBytes: 1024 * 1024,
    occupancyDebounceMs: 1,
    report: consoleErrorReporter,
  });
  const frames: OutboundFrame[] = [];
  const subscriber: Subscriber = { connectionId: 'conn', echo: true, send: (f) => frames.push(f) };
  return { channel, subscriber, frames };
}

const publish = (channel: Channel, n: number) =>
  channel.messages.publish([{ name: 'n', data: String(n) }], { connectionId: 'pub', pmId: `pub:${n}` })[0]!;

describe('Channel continuity', () => {
  it('resumes from a serial it still holds, replaying what came after', () => {
    const { channel, subscriber } = setup();
    const first = channel.attach(subscriber, { modes: MODES, params: {} });
    const s1 = publish(channel, 1);
    publish(channel, 2);
    publish(channel, 3);
    const again = channel.attach(subscriber, { modes: MODES, params: {}, channelSerial: s1 });
    expect(first.flags & Flag.RESUMED).toBe(0);
    expect(again.flags & Flag.RESUMED).toBe(Flag.RESUMED);
    expect(again.channelSerial).toBe(s1);
    expect(again.replay.map((m) => m.data)).toEqual(['2', '3']);
  });

  it('does not claim continuity when the stream was evicted past the resume point', () => {
    const { channel, subscriber } = setup(5);
    channel.attach(subscriber, { modes: MODES, params: {} });
    const s1 = publish(channel, 1);
    for (let n = 2; n <= 20; n++) publish(channel, n);
    const again = channel.attach(subscriber, { modes: MODES, params: {}, channelSerial: s1 });
    expect(again.flags & Flag.RESUMED).toBe(0);
    expect(again.error?.code).toBe(90003);
    expect(again.replay).toEqual([]);
  });

  it('does not claim continuity beyond maxReplay', () => {
    const { channel, subscriber } = setup(10_000, 3);
    channel.attach(subscriber, { modes: MODES, params: {} });
    const s1 = publish(channel, 1);
    for (let n = 2; n <= 6; n++) publish(channel, n);
    const again = channel.attach(subscriber, { modes: MODES, params: {}, channelSerial: s1 });
    expect(again.flags & Flag.RESUMED).toBe(0);
    expect(again.error?.code).toBe(90003);
  });

  it('resumes a new connection from a serial the store still holds (a failed resume, a restart)', () => {
    const { channel, subscriber } = setup();
    const s1 = publish(channel, 1);
    publish(channel, 2);
    const attached = channel.attach(subscriber, { modes: MODES, params: {}, channelSerial: s1 });
    expect(attached.flags & Flag.RESUMED).toBe(Flag.RESUMED);
    expect(attached.channelSerial).toBe(s1);
    expect(attached.replay.map((m) => m.data)).toEqual(['2']);
  });

  it('does not claim continuity from a serial older than what the store covers (memory after a restart)', () => {
    const before = setup();
    const old = publish(before.channel, 1);
    // A later run on a fresh store: the earlier run's messages are gone.
    const { channel, subscriber } = setup(10_000, 10_000, 60_000);
    const attached = channel.attach(subscriber, { modes: MODES, params: {}, channelSerial: old });
    expect(attached.flags & Flag.RESUMED).toBe(0);
    expect(attached.error?.code).toBe(90003);
    expect(attached.channelSerial > old).toBe(true);
  });
});

describe('Channel detach', () => {
  it("keeps a connection's members while it holds another attachment, even when the detached name was never attached", () => {
    const { channel, subscriber } = setup();
    channel.attach(subscriber, { modes: MODES, params: {} });
    channel.attach(subscriber, { modes: MODES, params: {}, alias: '[?rewind=1]c' });
    expect(channel.detach('conn', '[?rewind=2]c')).toBe(false);
    expect(channel.detach('conn', '[?rewind=1]c')).toBe(false);
    expect(channel.detach('conn', '[?rewind=1]c')).toBe(false);
    expect(channel.detach('conn')).toBe(true);
  });
});
