/**
 * Repeated-message flood detection (pure): the same text (case and spacing aside) sent more than
 * `maxRepeats` times within `windowMs` by one participant is a flood.
 */
export interface FloodLimits {
  /** How many identical messages are fine within the window; the next one is refused. */
  maxRepeats: number;
  windowMs: number;
}

/** A participant's recent accepted messages, oldest first. */
export interface RecentMessage {
  key: string;
  at: number;
}

/** How a text compares for repetition: lower case, spacing collapsed, trimmed. */
export function repetitionKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Whether `text` now would be a flood, given the participant's recent messages (those in the window count). */
export function isFlood(
  recent: readonly RecentMessage[],
  text: string,
  now: number,
  limits: FloodLimits,
): boolean {
  const key = repetitionKey(text);
  let repeats = 0;
  for (const message of recent) {
    if (now - message.at < limits.windowMs && message.key === key) repeats++;
  }
  return repeats >= limits.maxRepeats;
}

/** The recent messages after one more was accepted: only those inside `windowMs`, at most `keep`. */
export function remember(
  recent: readonly RecentMessage[],
  text: string,
  now: number,
  windowMs: number,
  keep: number,
): RecentMessage[] {
  const next = recent.filter((m) => now - m.at < windowMs);
  next.push({ key: repetitionKey(text), at: now });
  return next.length > keep ? next.slice(next.length - keep) : next;
}
