import { describe, expect, it } from 'vitest';
import { SerialGenerator, isSerial, withIndex } from '../../../../server/ably-local/core/serials.js';

describe('SerialGenerator', () => {
  it('produces fixed-width serials whose string order is generation order, even within one millisecond', () => {
    let now = 1_700_000_000_000;
    const gen = new SerialGenerator(() => now);
    const serials: string[] = [];
    for (let i = 0; i < 2500; i++) serials.push(gen.next());
    now += 1; // the clock moves on while the counter has already borrowed ahead
    for (let i = 0; i < 10; i++) serials.push(gen.next());
    expect(new Set(serials.map((s) => s.length)).size).toBe(1);
    expect([...serials].sort()).toEqual(serials);
    expect(new Set(serials).size).toBe(serials.length);
    expect(serials.every(isSerial)).toBe(true);
  });

  it('never goes backwards when the clock does', () => {
    let now = 2_000;
    const gen = new SerialGenerator(() => now);
    const a = gen.next();
    now = 1_000;
    const b = gen.next();
    expect(b > a).toBe(true);
  });

  it('indexes items of one frame after the shared base', () => {
    const gen = new SerialGenerator(() => 5);
    const base = gen.nextBase();
    expect(withIndex(base, 0) < withIndex(base, 1)).toBe(true);
    expect(withIndex(base, 1) < gen.next()).toBe(true);
    expect(isSerial('nope')).toBe(false);
  });
});
