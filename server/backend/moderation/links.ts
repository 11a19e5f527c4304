import { find } from 'linkifyjs';

/**
 * How many links a text carries: web addresses with or without a scheme (`https://…`, `www.…`, `shop.example`),
 * as linkifyjs finds them; e-mail addresses are not links here (contact masking deals with them). Pure.
 */
export function countLinks(text: string): number {
  return find(text, 'url').length;
}
