/** Time and ids inside ably-local: the one seam tests may replace (DESIGN §1.3). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** setTimeout fires at once (TimeoutOverflowWarning) for delays above 2^31-1 ms, about 24.8 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `fire` at `clock` time `at`, re-arming in steps when `at` is beyond what one setTimeout can wait (a
 * token may live for months). `keep` receives each timer as it is armed, so the caller can clear the live one.
 */
export function timerAt(
  clock: Clock,
  at: number,
  fire: () => void,
  keep: (timer: NodeJS.Timeout) => void,
): void {
  const delay = Math.max(0, at - clock.now());
  keep(
    setTimeout(
      () => (delay > MAX_TIMER_MS ? timerAt(clock, at, fire, keep) : fire()),
      Math.min(delay, MAX_TIMER_MS),
    ),
  );
}
