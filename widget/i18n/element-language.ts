/**
 * An element's language: its own `lang`, else the nearest `lang` around it, else the page's — so a page in
 * Arabic gets an Arabic element unless the element says otherwise.
 */
export function elementLanguage(element: HTMLElement): string {
  return element.lang || element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
}
