/** A BCP 47 tag's language, lower-cased: `es` for `es-MX`, `ar` for `AR`. What every string table is keyed by. */
export function baseLanguage(tag: string): string {
  return tag.split('-')[0]!.toLowerCase();
}

/** Languages written right to left, by {@link baseLanguage}. */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

/** The direction a language is written in, by {@link baseLanguage}. */
export function directionOf(base: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(base) ? 'rtl' : 'ltr';
}
