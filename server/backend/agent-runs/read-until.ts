/**
 * Feeds pieces to `take` until they end, `take` answers false, or `stop` aborts — whichever comes first:
 * an abort ends the wait at once, even while the body is silent.
 */
export async function readUntil(
  pieces: AsyncIterable<string>,
  stop: AbortSignal,
  take: (piece: string) => boolean,
): Promise<void> {
  const iterator = pieces[Symbol.asyncIterator]();
  const aborted = new Promise<'aborted'>((resolve) => {
    if (stop.aborted) resolve('aborted');
    stop.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next === 'aborted' || next.done) return;
      if (!take(next.value)) return;
    }
  } finally {
    // Do not wait for the body: a silent agent would hold the answer. Its request is closed by the route.
    void iterator.return?.().catch(() => undefined);
  }
}

/** The longest prefix of `text` within `bytes` UTF-8 bytes, never splitting a character. */
export function fitting(text: string, bytes: number): string {
  if (bytes <= 0) return '';
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (used + size > bytes) break;
    used += size;
    end += char.length;
  }
  return text.slice(0, end);
}
