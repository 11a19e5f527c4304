/**
 * A compiled word list (pure, docs/architecture.md §7): finds listed words and phrases as whole words, whatever their case,
 * accents, look-alike digits (`sh1t`), stretched letters (`shiiit`) or letters spaced out (`s h i t`,
 * `s.h.i.t`). A listed word never matches inside a longer one (`ass` does not match `class`).
 */
export interface WordList {
  /** How many entries the list has. */
  readonly size: number;
  /** The first listed word found in `text` (as written there, normalised), if any. */
  find(text: string): string | undefined;
}

/** Look-alikes folded onto letters before matching. */
const LOOK_ALIKES: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};
/** Not `!`: it ends too many sentences (`shit!`) to stand for an i. */
const LOOK_ALIKE = /[013457@$]/g;
/** Single letters joined by spaces or punctuation: `s h i t`, `s.h.i.t`, `s-h-i-t`. */
const SPACED_OUT = /(?<![\p{L}\p{N}])\p{L}(?:[ .*_-]\p{L}){2,}(?![\p{L}\p{N}])/gu;
const SPACERS = /[ .*_-]/g;
const MAX_ENTRY_LENGTH = 100;
const MAX_ENTRIES = 10_000;

/** Lower case, no accents, look-alikes as letters. */
export function normaliseForWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(LOOK_ALIKE, (c) => LOOK_ALIKES[c]!);
}

/** Compiles entries (words or phrases); blank ones are skipped. Throws on an entry over 100 characters. */
export function compileWordList(entries: readonly string[]): WordList {
  const words = [
    ...new Set(entries.map((e) => normaliseForWords(e.trim()).replace(/\s+/g, ' ')).filter(Boolean)),
  ];
  if (words.length > MAX_ENTRIES)
    throw new RangeError(`unable to compile word list; over ${MAX_ENTRIES} entries`);
  for (const word of words) {
    if (word.length > MAX_ENTRY_LENGTH) {
      throw new RangeError(
        `unable to compile word list; an entry is longer than ${MAX_ENTRY_LENGTH} characters`,
      );
    }
  }
  if (words.length === 0) return { size: 0, find: () => undefined };
  // Longest first, so a phrase wins over a word it starts with.
  const sorted = [...words].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${sorted.map(stretchable).join('|')})(?![\\p{L}\\p{N}])`,
    'u',
  );
  return {
    size: words.length,
    find(text) {
      const normal = normaliseForWords(text);
      const hit = pattern.exec(normal);
      if (hit) return hit[0];
      // Spaced-out words ("s p a m") joined up; most texts have none, and the same text needs no second pass.
      const joined = normal.replace(SPACED_OUT, (run) => run.replace(SPACERS, ''));
      return joined === normal ? undefined : pattern.exec(joined)?.[0];
    },
  };
}

/** Entries of a word-list file: one word or phrase per line; `#` starts a comment. */
export function parseWordListFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

/** `shit` → `s+h+i+t+`, `ass` → `a+s{2,}`; a space matches any run of spaces or punctuation. */
function stretchable(word: string): string {
  let out = '';
  for (const run of word.match(/(.)\1*/gsu) ?? []) {
    const char = run[0]!;
    if (char === ' ') out += '[\\s\\p{P}]+';
    else out += `${escape(char)}${run.length === 1 ? '+' : `{${run.length},}`}`;
  }
  return out;
}

function escape(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}
