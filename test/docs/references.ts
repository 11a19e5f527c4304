import { posix } from 'node:path';
import { anchors, links, numberedSections } from './markdown.js';

/**
 * The repository's citation rules, as pure checks over one file's text:
 * - a relative Markdown link names a file (and, with `#anchor`, a heading) inside the repository;
 * - `§n` names a numbered section of the document written just before it: a repository path
 *   (`docs/architecture.md §4`, `server/ably-local/DESIGN.md §13.2`), or `DESIGN §n` inside ably-local's own
 *   code and tests (its `server/ably-local/DESIGN.md`), or — in a Markdown file — the file itself when no
 *   document is named. Lists and ranges (`§3.3, §5.3`, `§4.1–4.3`) inherit the document. RFC and issue
 *   sections (`RFC 8292 §2`, `issue #11 §3`) are not documents of the repository and are left alone;
 * - no citation of documents that are not in the repository.
 */

/** One broken citation (1-based line). */
export interface Problem {
  file: string;
  line: number;
  message: string;
}

/** What the checks may ask of the repository: repository-relative POSIX paths. */
export interface Repository {
  exists(path: string): boolean;
  /** The text of a file, or undefined when it is not one. */
  read(path: string): string | undefined;
}

/** ably-local's design document: what `DESIGN §n` means in its code and tests. */
export const ABLY_LOCAL_DESIGN = 'server/ably-local/DESIGN.md';

/** Where a bare `DESIGN §n` is allowed (and means {@link ABLY_LOCAL_DESIGN}). */
const ABLY_LOCAL_AREAS = ['server/ably-local/', 'test/server/ably-local/'];

/** Citations of documents that are not in the repository, or of sections by name (they move). */
const FOREIGN: { pattern: RegExp; message: string }[] = [
  { pattern: /\bshared\/[\w-]+\.md\b|\/work\//, message: 'points at a file outside the repository' },
  {
    pattern: /\bably-wire\b|\bwire(?: ref)? §/i,
    message: 'cites the wire reference, which is not in the repository',
  },
  { pattern: /\bSTYLE(?:\.md)?\s*§|\bSTYLE\.md\b/, message: 'cites STYLE, which is not in the repository' },
  { pattern: /\bTOOLCHAIN\b/, message: 'cites TOOLCHAIN, which is not in the repository' },
  { pattern: /\bUI(?:\.md)?\s+"/, message: 'cites UI, which is not in the repository' },
  {
    pattern: /\bREADME\s+"/,
    message: 'cites a README section by name; cite a numbered docs/ section (path §n)',
  },
];

/** Dangling relative links of one Markdown file. */
export function danglingLinks(file: string, markdown: string, repo: Repository): Problem[] {
  const problems: Problem[] = [];
  for (const { target, line } of links(markdown)) {
    if (/^[a-z][a-z\d+.-]*:/i.test(target) || target.startsWith('//')) continue; // https:, mailto:
    const [rawPath = '', anchor] = target.split('#', 2);
    const self = rawPath === '';
    const path = self ? file : resolveLink(file, decodeURIComponent(rawPath));
    const at = (message: string) => problems.push({ file, line, message: `${target}: ${message}` });
    if (path === undefined) at('points outside the repository');
    else if (!self && !repo.exists(path)) at(`no such file ${path}`);
    else if (anchor !== undefined && anchor !== '' && path.endsWith('.md')) {
      const headings = anchors((self ? markdown : repo.read(path)) ?? '');
      if (!headings.has(anchor)) at(`no heading #${anchor} in ${path}`);
    }
  }
  return problems;
}

/** A link target relative to `file` (or to the repository root with a leading `/`); undefined outside it. */
function resolveLink(file: string, target: string): string | undefined {
  const joined = target.startsWith('/') ? target.slice(1) : posix.join(posix.dirname(file), target);
  const path = posix.normalize(joined).replace(/\/$/, '');
  return path === '..' || path.startsWith('../') ? undefined : path === '.' ? '' : path;
}

/** `§` references that do not resolve, and citations of documents outside the repository. */
export function brokenCitations(file: string, text: string, repo: Repository): Problem[] {
  const problems: Problem[] = [];
  const markdown = file.endsWith('.md');
  const lines = text.split('\n');
  let carried: string | null | undefined; // the document of the last reference of the line above
  lines.forEach((line, index) => {
    const at = (message: string) => problems.push({ file, line: index + 1, message });
    for (const { pattern, message } of FOREIGN) {
      const match = pattern.exec(line);
      if (match) at(`${message}: "${match[0]}"`);
    }
    let previous = carried; // the document of the last reference so far
    carried = undefined;
    for (const match of line.matchAll(/§\s?(\d+(?:\.\d+)*)(?:\s?[–-]\s?§?\s?(\d+(?:\.\d+)*))?/g)) {
      let before = line.slice(0, match.index);
      // A reference wrapped onto a comment's next line: its document ends the line above.
      if (/^\s*(?:\*|\/\/|#)?\s*$/.test(before) && index > 0) before = `${lines[index - 1]!.trimEnd()} `;
      const doc = documentBefore(before, file, markdown, previous);
      previous = carried = doc;
      if (doc === null) continue; // an RFC's or an issue's section
      if (doc === undefined) {
        at(`"${match[0]}" names no document: write "docs/architecture.md §n" or another repository path`);
        continue;
      }
      const text = repo.read(doc) ?? repo.read(posix.join(posix.dirname(file), doc));
      if (text === undefined) {
        at(`"${match[0]}" cites ${doc}, which is not a file of the repository`);
        continue;
      }
      const sections = numberedSections(text);
      for (const section of [match[1], match[2]]) {
        if (section !== undefined && !sections.has(section)) at(`${doc} has no section ${section}`);
      }
    }
  });
  return problems;
}

/**
 * The document a `§` cites, from the text before it on its line: a path, `DESIGN` (ably-local's), a list
 * continuing the previous reference, null for RFCs and issues, the file itself in Markdown, else undefined.
 */
function documentBefore(
  before: string,
  file: string,
  markdown: boolean,
  previous: string | null | undefined,
): string | null | undefined {
  if (/\b(?:RFC\s?\d+|issue\s?#\d+(?:\s+finding\s+\d+)?)\s*$/i.test(before)) return null;
  const path = /([\w./-]+\.md)\W{0,2}\s*$/.exec(before)?.[1];
  if (path !== undefined) return path.replace(/^(\.\.?\/)+/, '');
  if (/\bDESIGN\s*$/.test(before)) {
    return ABLY_LOCAL_AREAS.some((area) => file.startsWith(area)) ? ABLY_LOCAL_DESIGN : undefined;
  }
  if (previous !== undefined && /(?:,|;|\band|\bor|[–-]|§[\d.]+)\s*\[?$/.test(before)) return previous;
  if (/\b(?:wire|STYLE|TOOLCHAIN|UI|README)\s*$/.test(before)) return undefined;
  return markdown ? file : undefined;
}
