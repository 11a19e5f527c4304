/** Time and ids inside ably-local: the one seam tests may replace (DESIGN §1.3). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
