import { baseLanguage } from './language-tag.js';

/**
 * "Loading conversation…" in every language the element speaks: the loader names its skeleton with it before
 * the chat (and with it the string tables) has downloaded, so it is a table of its own, small enough for the
 * loader. A language added to `locale.ts` gets its line here too.
 */
export const LOADING = {
  en: 'Loading conversation…',
  es: 'Cargando conversación…',
  ar: 'جارٍ تحميل المحادثة…',
} as const;

/** The loading text for a BCP 47 tag (English for a language without a table). */
export function loadingText(tag: string): string {
  const base = baseLanguage(tag);
  return base in LOADING ? LOADING[base as keyof typeof LOADING] : LOADING.en;
}
