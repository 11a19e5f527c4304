/** A run of message text: plain, or a link with the address it opens. */
export interface TextSegment {
  text: string;
  href?: string;
}

const LEADING = /^[([{<"'«“‘]+/u;
// The lookbehind anchors the run at its start, so a long run of punctuation before other text is linear.
const TRAILING = /(?<![)\]}>"'».,;:!?…“”‘’])[)\]}>"'».,;:!?…“”‘’]+$/u;
const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/u;

/**
 * Splits message text into plain runs and links, for `http:`, `https:` and `mailto:` only (plus bare e-mail
 * addresses as `mailto:`). Works word by word (split on whitespace), so it is linear in the text length
 * whatever the input. The caller renders segments as text nodes and `<a>` elements, never as HTML.
 * (linkifyjs does more, but costs 9.5 KB gzip — more than the whole element's own code budget.)
 */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let plain = '';
  for (const part of text.split(/(\s+)/u)) {
    const link = part.trim() === '' ? undefined : linkIn(part);
    if (!link) {
      plain += part;
      continue;
    }
    plain += link.before;
    if (plain) segments.push({ text: plain });
    segments.push({ text: link.text, href: link.href });
    plain = link.after;
  }
  if (plain) segments.push({ text: plain });
  return segments;
}

function linkIn(word: string): { before: string; text: string; href: string; after: string } | undefined {
  const before = LEADING.exec(word)?.[0] ?? '';
  let core = word.slice(before.length);
  let after = TRAILING.exec(core)?.[0] ?? '';
  core = core.slice(0, core.length - after.length);
  // Keep a closing parenthesis that balances one inside the link (Wikipedia-style addresses).
  if (after.startsWith(')') && count(core, '(') > count(core, ')')) {
    core += ')';
    after = after.slice(1);
  }
  const href = hrefOf(core);
  return href === undefined ? undefined : { before, text: core, href, after };
}

function hrefOf(candidate: string): string | undefined {
  const lower = candidate.toLowerCase();
  if (lower.startsWith('http://') || lower.startsWith('https://')) {
    const url = parse(candidate);
    return url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname
      ? url.href
      : undefined;
  }
  if (lower.startsWith('mailto:')) {
    return EMAIL.test(candidate.slice(7).split('?')[0] ?? '') ? parse(candidate)?.href : undefined;
  }
  return candidate.includes('@') && EMAIL.test(candidate) ? `mailto:${candidate}` : undefined;
}

function parse(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined; // not a URL: stays plain text
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}
