/**
 * The demo's local "model": it writes a scripted reply token by token at the pace of an LLM, with no network
 * and no model — a word or part of one every few tens of milliseconds, a breath after a sentence, and the
 * script's own pauses where a real agent would be looking something up.
 */

/** A script: text to write, and pauses (ms) between its parts. */
export type Script = (string | { pauseMs: number })[];

export interface ModelPace {
  /** Mean time per token (default 45 ms; each token varies ±50 %). */
  tokenMs?: number;
  /** Extra after a sentence or a line (default 220 ms). */
  sentenceMs?: number;
}

/** Splits text as a tokenizer would, roughly: words with their spaces, long words in pieces of up to five letters. */
export function tokensOf(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text.match(/\s*\S+\s*/gu) ?? [text]) {
    if (word.trim().length <= 6) tokens.push(word);
    else for (let i = 0; i < word.length; i += 5) tokens.push(word.slice(i, i + 5));
  }
  return tokens;
}

/** How long a script takes to write at `pace`, on average (ms). */
export function scriptDuration(script: Script, pace: ModelPace = {}): number {
  const { tokenMs = 45, sentenceMs = 220 } = pace;
  let total = 0;
  for (const part of script) {
    if (typeof part !== 'string') total += part.pauseMs;
    else
      for (const token of tokensOf(part)) total += tokenMs + (/[.!?:\n]\s*$/u.test(token) ? sentenceMs : 0);
  }
  return total;
}

/**
 * Yields the script's tokens at the model's pace until it ends or `signal` aborts (a user pressed Stop: the
 * agent stops generating). The jitter is a fixed sequence, so a demo run looks alive and is the same each time.
 */
export async function* scriptedModel(
  script: Script,
  pace: ModelPace = {},
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const { tokenMs = 45, sentenceMs = 220 } = pace;
  let step = 0;
  for (const part of script) {
    if (signal?.aborted) return;
    if (typeof part !== 'string') {
      await sleep(part.pauseMs, signal);
      continue;
    }
    for (const token of tokensOf(part)) {
      const jitter = 0.5 + ((step++ * 37) % 100) / 100;
      await sleep(tokenMs * jitter + (/[.!?:\n]\s*$/u.test(token) ? sentenceMs : 0), signal);
      if (signal?.aborted) return;
      yield token;
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
