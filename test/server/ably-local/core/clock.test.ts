import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock, timerAt } from '../../../../server/ably-local/core/clock.js';

describe('timerAt', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('fires at the clock time it was given', () => {
    const fire = vi.fn();
    timerAt(systemClock, 5_000, fire, () => {});
    vi.advanceTimersByTime(4_999);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('waits past what one setTimeout can (2^31-1 ms), re-arming, and hands over each timer it arms', () => {
    const fire = vi.fn();
    const timers: NodeJS.Timeout[] = [];
    const at = 2 ** 31 + 60_000;
    timerAt(systemClock, at, fire, (timer) => timers.push(timer));
    vi.advanceTimersByTime(2 ** 31 - 1);
    expect(fire).not.toHaveBeenCalled();
    expect(timers).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(Date.now()).toBe(at);
  });

  it('fires at once for a time already past, and not when the timer it handed over is cleared', () => {
    const fire = vi.fn();
    timerAt(systemClock, -10, fire, () => {});
    vi.advanceTimersByTime(0);
    expect(fire).toHaveBeenCalledTimes(1);
    const later = vi.fn();
    timerAt(systemClock, 1_000, later, (timer) => clearTimeout(timer));
    vi.advanceTimersByTime(2_000);
    expect(later).not.toHaveBeenCalled();
  });
});
