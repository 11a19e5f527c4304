import { AblyError } from './ably-error.js';

/**
 * Where ably-local reports an exception that no caller can answer for: a timer, a socket event, a fan-out
 * to one subscriber, an internal error behind a NACK or a REST 500 (DESIGN §3.6). One place, so nothing is
 * swallowed and nothing ends the process. `operation` completes "unable to …".
 */
export type ErrorReporter = (operation: string, error: AblyError) => void;

/** The default reporter: one line on stderr with the code, and the stack of an unexpected error. */
export const consoleErrorReporter: ErrorReporter = (operation, error) => {
  const cause = error.cause instanceof Error ? `\n${error.cause.stack ?? error.cause.message}` : '';
  console.error(`ably-local: unable to ${operation}; ${error.code} ${error.message}${cause}`);
};

/** Runs `fn`; an exception goes to `report` instead of up the stack. */
export function guard(report: ErrorReporter, operation: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    reportSafely(report, operation, err);
  }
}

/** `fn` as a callback that never throws: for timers and event listeners. */
export function guarded<A extends unknown[]>(
  report: ErrorReporter,
  operation: string,
  fn: (...args: A) => void,
): (...args: A) => void {
  return (...args: A) => guard(report, operation, () => fn(...args));
}

/**
 * Reports `err` (wrapped as an AblyError); a reporter that throws must not turn a reported error into a crash
 * either. For hot loops that catch inline rather than allocate a closure per call.
 */
export function reportSafely(report: ErrorReporter, operation: string, err: unknown): void {
  try {
    report(operation, AblyError.from(err));
  } catch (reporterError) {
    consoleErrorReporter(`report an error`, AblyError.from(reporterError));
  }
}
