/**
 * Links in message text (pure, linear): web addresses with a scheme (`https://…`), starting with `www.`, or
 * bare (`shop.example.com/x`, `ebay.de`, `t.me/ann`) when the last label is a known generic top-level domain
 * or any two letters (a country's). Word by word, like the element's own link detection, so a 64 KiB message
 * costs about a millisecond. E-mail addresses are not links here (contact masking deals with them).
 */
export interface FoundLink {
  /** The link as written, without surrounding punctuation. */
  text: string;
  /** Its host name, lower case. */
  host: string;
}

const WORD = /\S+/g;
const LEADING = /^[([{<"'«“‘]+/u;
const TRAILING = /[)\]}>"'».,;:!?…“”‘’]+$/u;
const SCHEME = /^https?:\/\/([^/?#\s]+)/i;
/** `www.` and at least one more dot: a link whatever its top-level domain. */
const WWW = /^(www\.[^/?#:\s.]+(?:\.[^/?#:\s.]+)+)/i;
const GENERIC_TLDS =
  'com|net|org|info|biz|app|dev|shop|store|online|site|xyz|top|club|live|pro|tech|blog|link|click|page|' +
  'website|space|world|email|market|deals|sale|agency|digital';
const BARE = new RegExp(
  String.raw`^((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:${GENERIC_TLDS}|\p{L}{2}))(?::\d{1,5})?(?:[/?#]\S*)?$`,
  'iu',
);

export function findLinks(text: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const [word] of text.matchAll(WORD)) {
    if (!word.includes('.')) continue; // every link has a dot: most words end here
    const core = word.replace(LEADING, '').replace(TRAILING, '');
    const host = hostOf(core);
    if (host !== undefined) links.push({ text: core, host });
  }
  return links;
}

/** How many links a text carries. */
export function countLinks(text: string): number {
  return findLinks(text).length;
}

function hostOf(word: string): string | undefined {
  const schemed = SCHEME.exec(word);
  if (schemed) return withoutCredentialsAndPort(schemed[1]!);
  if (word.includes('@')) return undefined;
  const www = WWW.exec(word);
  if (www) return www[1]!.toLowerCase();
  const bare = BARE.exec(word);
  return bare ? bare[1]!.toLowerCase() : undefined;
}

function withoutCredentialsAndPort(authority: string): string {
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return host.replace(/:\d*$/, '').toLowerCase();
}
