/**
 * Just enough Markdown for the docs check: headings, their GitHub anchors, numbered sections and links,
 * outside fenced code blocks and code spans (where a link or a heading is only an example).
 */

/** A link target where it occurs (1-based line). */
export interface LinkAt {
  target: string;
  line: number;
}

/** The lines of `markdown` with fenced code blocks blanked, so line numbers still count. */
export function proseLines(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) {
      fence = marker;
      return '';
    }
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return '';
    }
    return line;
  });
}

/** The text of each ATX heading (`## 4. Push`), in order. */
export function headings(markdown: string): string[] {
  return proseLines(markdown).flatMap((line) => {
    const match = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    return match?.[1] === undefined ? [] : [match[1]];
  });
}

/** GitHub's anchor of each heading: `#4-push-to-offline-participants`, duplicates suffixed `-1`, `-2`. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const heading of headings(markdown)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** GitHub's slug: the heading's text lower-cased, punctuation other than `-` and `_` dropped, spaces → `-`. */
export function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text stays, its target goes
    .replace(/<[^>]+>/g, '');
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * The numbered sections of a document: `## 4. Push` → `4`, `### 13.2 Who may do what` → `13.2`. These are
 * what a `§` reference resolves to.
 */
export function numberedSections(markdown: string): Set<string> {
  const sections = new Set<string>();
  for (const heading of headings(markdown)) {
    const number = /^(\d+(?:\.\d+)*)\.?\s/.exec(heading)?.[1];
    if (number !== undefined) sections.add(number);
  }
  return sections;
}

/** Inline links and images (`[text](target)`, `![alt](target)`) and reference definitions (`[x]: target`). */
export function links(markdown: string): LinkAt[] {
  const found: LinkAt[] = [];
  proseLines(markdown).forEach((raw, index) => {
    const line = raw.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length));
    for (const match of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      found.push({ target: match[1]!, line: index + 1 });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(line);
    if (definition) found.push({ target: definition[1]!, line: index + 1 });
  });
  return found;
}
