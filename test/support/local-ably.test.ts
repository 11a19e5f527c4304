import { describe, expect, it } from 'vitest';
import { nextEvent } from './local-ably.js';

describe('nextEvent', () => {
  it('resolves with the first event that matches', async () => {
    const got = nextEvent<number>(
      (listener) => [1, 2, 3].forEach(listener),
      (n) => n > 1,
    );
    await expect(got).resolves.toBe(2);
  });

  it('rejects, naming what it waited for, when no matching event comes in time', async () => {
    const never = nextEvent<number>(() => undefined, undefined, { timeoutMs: 20, what: 'a reply' });
    await expect(never).rejects.toThrow('unable to wait for a reply; none within 20 ms');
  });
});
