/** Up to two initials of a display name, by grapheme, so emoji and combining marks stay whole. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const first = (word: string | undefined) => (word ? firstGrapheme(word).toLocaleUpperCase() : '');
  if (words.length === 0) return '?';
  if (words.length === 1) return first(words[0]);
  return first(words[0]) + first(words[words.length - 1]);
}

/**
 * Made on first need: an `Intl.Segmenter` costs milliseconds to make (ICU's break rules load), and most names
 * never need one (see `firstGrapheme`).
 */
let segmenter: Intl.Segmenter | undefined;

/**
 * A word's first grapheme. When its first code unit, and the next if there is one, are below U+0300, the first
 * is a grapheme on its own: nothing below U+0300 joins the character before it (combining marks, joiners and the
 * rest start there) and none of it is half of a surrogate pair, so most names in Latin letters skip the segmenter.
 */
function firstGrapheme(word: string): string {
  if (word.charCodeAt(0) < 0x300 && !(word.charCodeAt(1) >= 0x300)) return word.charAt(0);
  if (typeof Intl.Segmenter !== 'function') return [...word][0] ?? '';
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of segmenter.segment(word)) return segment;
  return '';
}

/**
 * A stable hue (0–359) from a clientId (FNV-1a). The avatar paints it at a fixed OKLCH lightness, so white
 * initials keep AA contrast whatever the hue.
 */
export function hueOf(clientId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < clientId.length; i++) {
    hash ^= clientId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 360;
}
