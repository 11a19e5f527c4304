/** Up to two initials of a display name, by grapheme, so emoji and combining marks stay whole. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const first = (word: string | undefined) => (word ? firstGrapheme(word).toLocaleUpperCase() : '');
  if (words.length === 0) return '?';
  if (words.length === 1) return first(words[0]);
  return first(words[0]) + first(words[words.length - 1]);
}

const segmenter =
  typeof Intl.Segmenter === 'function'
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    : undefined;

function firstGrapheme(word: string): string {
  if (!segmenter) return [...word][0] ?? '';
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
