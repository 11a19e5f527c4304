import { isSerial } from './serials.js';

/** What decides whether a re-attach from a channel serial can be answered RESUMED (DESIGN §4.4). */
export interface StreamCoverage {
  /** Where the store's complete stream of the channel starts (recorded when the store first saw it). */
  coveredFrom: string;
  /** The stream position up to which entries were evicted, if any. */
  evictedThrough?: string;
}

/**
 * Whether the store still holds every stream entry after `from`, so a replay from it loses nothing: `from`
 * is a serial of this server's shape at or after the start of the stored stream and not before an eviction
 * point. Whether the client's connection still had the attachment does not matter — after a failed resume
 * or a server restart on SQLite the stream is just as complete. Pure.
 */
export function holdsStreamAfter(from: string | null | undefined, coverage: StreamCoverage): boolean {
  if (!isSerial(from)) return false;
  if (from < coverage.coveredFrom) return false;
  return coverage.evictedThrough === undefined || from >= coverage.evictedThrough;
}
