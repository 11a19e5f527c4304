import * as Ably from 'ably';

/** An Ably SDK error as one line for our own errors and logs: `code: message`, or the message alone. */
export function describeAblyError(err: unknown): string {
  if (err instanceof Ably.ErrorInfo) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
