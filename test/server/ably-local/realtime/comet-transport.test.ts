import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CometTransport,
  type CometReceiver,
} from '../../../../server/ably-local/realtime/comet-transport.js';

class FakeReceiver implements CometReceiver {
  readonly written: string[] = [];
  ended?: string;
  destroyed = false;
  writableLength = 0;
  write(chunk: Buffer): void {
    this.written.push(chunk.toString());
  }
  end(chunk?: Buffer): void {
    this.ended = chunk?.toString() ?? '';
  }
  destroy(): void {
    this.destroyed = true;
  }
}

const TIMINGS = { pollHoldMs: 1000, streamMs: 2000, idleMs: 500 };
const frame = (action: number) => Buffer.from(JSON.stringify({ action }));
const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

function transport(streaming: boolean) {
  const reported: string[] = [];
  const t = new CometTransport(streaming, TIMINGS, (op) => reported.push(op));
  const finished = vi.fn();
  t.onFinish = finished;
  return { t, finished, reported };
}

afterEach(() => vi.useRealTimers());

describe('CometTransport', () => {
  it('answers a waiting poll with every frame queued in the same tick, as one array', async () => {
    const { t } = transport(false);
    const poll = new FakeReceiver();
    t.receive(poll);
    t.send(frame(11));
    t.send(frame(16));
    await tick();
    expect(poll.ended).toBe('[{"action":11},{"action":16}]');
    expect(t.bufferedAmount).toBe(0);
  });

  it('keeps frames for the next poll when none is waiting', async () => {
    const { t } = transport(false);
    t.send(frame(0));
    await tick();
    expect(t.bufferedAmount).toBe(frame(0).length);
    const poll = new FakeReceiver();
    t.receive(poll);
    await tick();
    expect(poll.ended).toBe('[{"action":0}]');
  });

  it('writes one line per batch on a stream and keeps it open', async () => {
    const { t } = transport(true);
    const stream = new FakeReceiver();
    t.receive(stream);
    t.send(frame(4));
    await tick();
    t.send(frame(1));
    await tick();
    expect(stream.written).toEqual(['[{"action":4}]\n', '[{"action":1}]\n']);
    expect(stream.ended).toBeUndefined();
  });

  it('answers an empty poll with [] after the hold time and a stream by ending it', () => {
    vi.useFakeTimers();
    const poll = transport(false);
    const stream = transport(true);
    const [p, s] = [new FakeReceiver(), new FakeReceiver()];
    poll.t.receive(p);
    stream.t.receive(s);
    vi.advanceTimersByTime(TIMINGS.pollHoldMs);
    expect(p.ended).toBe('[]');
    expect(s.ended).toBeUndefined();
    vi.advanceTimersByTime(TIMINGS.streamMs - TIMINGS.pollHoldMs);
    expect(s.ended).toBe('');
  });

  it('answers a poll repeated with the same rnd with the same frames, and forgets them on the next rnd', async () => {
    const { t } = transport(false);
    const first = new FakeReceiver();
    t.receive(first, 'a');
    t.send(frame(15));
    await tick();
    const repeat = new FakeReceiver();
    t.receive(repeat, 'a');
    expect(repeat.ended).toBe(first.ended);
    const next = new FakeReceiver();
    t.receive(next, 'b');
    const late = new FakeReceiver();
    t.receive(late, 'a');
    t.send(frame(0));
    await tick();
    expect(next.ended).toBe('[]');
    expect(late.ended).toBe('[{"action":0}]');
  });

  it('accepts a send once per rnd, and every send without one', () => {
    const { t } = transport(false);
    expect([t.acceptSend('x'), t.acceptSend('x'), t.acceptSend('y'), t.acceptSend(), t.acceptSend()]).toEqual(
      [true, false, true, true, true],
    );
  });

  it('answers the older of two polls with [] when a second one arrives', async () => {
    const { t } = transport(false);
    const [first, second] = [new FakeReceiver(), new FakeReceiver()];
    t.receive(first);
    t.receive(second);
    expect(first.ended).toBe('[]');
    t.send(frame(15));
    await tick();
    expect(second.ended).toBe('[{"action":15}]');
  });

  it('flushes what is queued and then finishes when closed', async () => {
    const { t, finished } = transport(false);
    const poll = new FakeReceiver();
    t.receive(poll);
    t.send(frame(9));
    t.close();
    t.send(frame(0)); // after close: dropped
    await tick();
    expect(poll.ended).toBe('[{"action":9}]');
    expect(finished).toHaveBeenCalledOnce();
    expect(t.finished).toBe(true);
  });

  it('delivers the last frames of a closed transport on the next poll', async () => {
    const { t, finished } = transport(false);
    t.send(frame(9));
    t.close();
    await tick();
    expect(finished).not.toHaveBeenCalled();
    const poll = new FakeReceiver();
    t.receive(poll);
    await tick();
    expect(poll.ended).toBe('[{"action":9}]');
    expect(finished).toHaveBeenCalledOnce();
  });

  it('destroys the pending request and finishes at once when terminated', () => {
    const { t, finished } = transport(true);
    const stream = new FakeReceiver();
    t.receive(stream);
    t.send(frame(15));
    t.terminate();
    expect(stream.destroyed).toBe(true);
    expect(t.bufferedAmount).toBe(0);
    expect(finished).toHaveBeenCalledOnce();
    t.terminate();
    expect(finished).toHaveBeenCalledOnce();
  });

  it('finishes when no request has been pending for idleMs, and not while one is', () => {
    vi.useFakeTimers();
    const { t, finished } = transport(false);
    const poll = new FakeReceiver();
    t.receive(poll);
    vi.advanceTimersByTime(TIMINGS.idleMs + 10);
    expect(finished).not.toHaveBeenCalled();
    t.receiverGone(poll);
    vi.advanceTimersByTime(TIMINGS.idleMs - 10);
    expect(finished).not.toHaveBeenCalled();
    vi.advanceTimersByTime(20);
    expect(finished).toHaveBeenCalledOnce();
  });

  it('answers a poll on a finished transport with [] and reports nothing', async () => {
    const { t, reported } = transport(false);
    t.terminate();
    const poll = new FakeReceiver();
    t.receive(poll);
    await tick();
    expect(poll.ended).toBe('[]');
    expect(reported).toEqual([]);
  });

  it('reports an onFinish that throws instead of throwing', () => {
    const { t, reported } = transport(false);
    t.onFinish = () => {
      throw new Error('boom');
    };
    expect(() => t.terminate()).not.toThrow();
    expect(reported).toEqual(['close a comet transport']);
  });
});
