import { findLinks, type FoundLink } from './links.js';

/**
 * Finds contact information that would take a marketplace conversation off the platform: phone numbers in
 * common international formats, e-mail addresses (also spelled out, `ann (at) mail (dot) com`), messenger and
 * social-media handles and links, and links to other marketplaces. Pure and linear in the text length: each
 * pattern starts only at a word boundary (a lookbehind), so a long word is scanned once, not once per letter.
 */
export type ContactKind = 'phone' | 'email' | 'messenger' | 'marketplace-link';

export interface ContactFinding {
  kind: ContactKind;
  /** The matched text, for logs and tests (never sent back to anyone else). */
  match: string;
}

/** Phone numbers have 7–15 digits (E.164 allows at most 15). */
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;
/** A plain run of digits (no `+`, no leading 0, no separators) counts from 9: shorter ones are amounts and ids. */
const MIN_PLAIN_RUN_DIGITS = 9;

/**
 * A digit sequence with the separators phone numbers are written with (space, `.`, `-`, `/`, brackets), an
 * optional `+` or `00` prefix, not glued to letters, `#` (an order number) or other digits.
 */
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}_#])(?:\+|00)?\(?\d(?:[ \t.\-/()]{0,3}\d){5,20}(?![\p{L}\p{N}_])/gu;
/** Dates and times, blanked out before phone numbers are looked for. */
const DATES_AND_TIMES =
  /(?<!\d)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?)(?!\d)/g;
/** `1 000 000`: thousands grouping of an amount. */
const THOUSANDS = /^\d{1,3}(?: \d{3})+$/;

const TLDS =
  'com|net|org|info|biz|io|co|me|de|fr|es|it|nl|be|ch|at|uk|us|ca|au|in|br|mx|ru|pl|se|no|dk|fi|pt';
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;
const LOCAL_PART = String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+`;
/** `ann (at) mail (dot) com`, `ann[at]mail.com`, `ann at mail dot com` (not `at google.com`: a place). */
const SPELLED_EMAIL = new RegExp(
  String.raw`${LOCAL_PART}\s*(?:\(at\)|\[at\]|\{at\})\s*[\p{L}\p{N}-]+\s*(?:\(dot\)|\[dot\]|\{dot\}|\.)\s*(?:${TLDS})\b|` +
    String.raw`${LOCAL_PART}\sat\s[\p{L}\p{N}-]+\sdot\s(?:${TLDS})\b`,
  'iu',
);

const SPELLED_AT = /\(at\)|\[at\]|\{at\}|\sat\s/i;

const MESSENGERS =
  'whats\\s?app|telegram|signal|viber|wechat|weixin|snap(?:chat)?|insta(?:gram)?|ig|skype|discord|kik|line|' +
  'threema|facebook|fb|messenger|tiktok|twitter|gmail|hotmail|outlook|yahoo|proton(?:mail)?';
/** `telegram: ann_b`, `WhatsApp - @ann`. */
const MESSENGER_HANDLE = new RegExp(String.raw`\b(?:${MESSENGERS})\b\s*[:=\-]\s*@?[\p{L}\p{N}_.]{3,}`, 'iu');
/** `add me on snapchat`, `text me on WhatsApp`. */
const MESSENGER_INVITE = new RegExp(
  String.raw`\b(?:add|find|follow|text|message|msg|dm|contact|reach|ping|call|write)\s+me\s+(?:on|at|via|through|in)\s+(?:${MESSENGERS})\b`,
  'iu',
);
const MESSENGER_WORD = new RegExp(String.raw`\b(?:${MESSENGERS})\b`, 'iu');
/** `@ann_b` on its own (not inside an e-mail address). */
const AT_HANDLE = /(?<![\p{L}\p{N}_.@])@[\p{L}\p{N}_.]{3,32}(?![\p{L}\p{N}_@])/u;

/** Hosts of messengers and social networks (a link there is a contact). */
const MESSENGER_HOSTS = [
  'wa.me',
  'whatsapp.com',
  't.me',
  'telegram.me',
  'telegram.dog',
  'signal.me',
  'signal.group',
  'm.me',
  'messenger.com',
  'viber.com',
  'viber.click',
  'line.me',
  'discord.gg',
  'discord.com',
  'snapchat.com',
  'instagram.com',
  'ig.me',
  'facebook.com',
  'fb.me',
  'tiktok.com',
  'twitter.com',
  'x.com',
  'skype.com',
  'kik.me',
  'threema.id',
  'wechat.com',
];
/** Names (second-level labels) of other marketplaces: `ebay.de`, `www.etsy.com`, `m.olx.pl`. */
const MARKETPLACES = new Set([
  'ebay',
  'amazon',
  'etsy',
  'craigslist',
  'gumtree',
  'olx',
  'mercadolibre',
  'mercadolivre',
  'vinted',
  'depop',
  'poshmark',
  'offerup',
  'kijiji',
  'wallapop',
  'leboncoin',
  'avito',
  'allegro',
  'aliexpress',
  'shpock',
  'kleinanzeigen',
  'marktplaats',
  'subito',
  'willhaben',
  'tradera',
  'trademe',
  'carousell',
  'mercari',
  'letgo',
  'craigslist',
]);
/** Second-level labels that are not a site's name (`ebay.co.uk`, `amazon.com.br`). */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ne', 'or', 'ac', 'gov', 'edu']);

/**
 * The first piece of contact information in `text`, if any. `links` gives the text's links when the caller
 * needs them too (a policy also counts them), so they are found once.
 */
export function findContactInformation(
  text: string,
  links: () => FoundLink[] = () => findLinks(text),
): ContactFinding | undefined {
  return findPhone(text) ?? findEmail(text) ?? findLinked(links()) ?? findMessenger(text);
}

export function findPhone(text: string): ContactFinding | undefined {
  const blanked = text.replace(DATES_AND_TIMES, (date) => 'x'.repeat(date.length));
  for (const match of blanked.matchAll(PHONE_CANDIDATE)) {
    const candidate = match[0].replace(/[ \t.\-/()]+$/, '');
    const digits = candidate.replace(/\D/g, '').length;
    if (digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) continue;
    const prefixed = /^\(?(?:\+|0)/.test(candidate);
    if (!prefixed && /^\d+$/.test(candidate) && digits < MIN_PLAIN_RUN_DIGITS) continue;
    if (!prefixed && THOUSANDS.test(candidate)) continue;
    return { kind: 'phone', match: candidate };
  }
  return undefined;
}

export function findEmail(text: string): ContactFinding | undefined {
  // Cheap scans first: most messages have neither an @ nor a spelled-out "at".
  const match =
    (text.includes('@') ? EMAIL.exec(text) : null) ??
    (SPELLED_AT.test(text) ? SPELLED_EMAIL.exec(text) : null);
  return match ? { kind: 'email', match: match[0] } : undefined;
}

/** Links (and bare domains) to messengers, social networks and other marketplaces. */
function findLinked(links: readonly FoundLink[]): ContactFinding | undefined {
  for (const { host, text: link } of links) {
    if (MESSENGER_HOSTS.some((h) => host === h || host.endsWith(`.${h}`))) {
      return { kind: 'messenger', match: link };
    }
    if (isMarketplaceHost(host)) return { kind: 'marketplace-link', match: link };
  }
  return undefined;
}

export function findMessenger(text: string): ContactFinding | undefined {
  // Every form names a messenger: one scan for the names rules most messages out.
  if (!MESSENGER_WORD.test(text)) return undefined;
  const match = MESSENGER_HANDLE.exec(text) ?? MESSENGER_INVITE.exec(text) ?? AT_HANDLE.exec(text);
  return match ? { kind: 'messenger', match: match[0] } : undefined;
}

function isMarketplaceHost(host: string): boolean {
  const labels = host.split('.');
  if (labels.length < 2) return false;
  let name = labels[labels.length - 2]!;
  if (SECOND_LEVEL.has(name) && labels.length >= 3) name = labels[labels.length - 3]!;
  return MARKETPLACES.has(name);
}
