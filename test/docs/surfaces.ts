/**
 * What the code offers and the docs must list, read from the code: environment variables, backend routes.
 * Pure over file texts, so the docs check and its own tests feed them alike.
 */

/** Variables of the operating system or the test runner, read but not ours to document. */
const NOT_OURS = new Set(['PATH', 'TZ', 'HOME', 'CI']);

/**
 * Environment variables a source file reads: `process.env.NAME`, and `env.NAME` / `env['NAME']` in mains,
 * which read a copy of `process.env` (`const env = process.env`).
 */
export function variablesRead(source: string, main: boolean): Set<string> {
  const names = new Set<string>();
  const patterns = main
    ? [/\benv\.([A-Z][A-Z\d_]*)\b/g, /\benv\[['"]([A-Z][A-Z\d_]*)['"]\]/g]
    : [/\bprocess\.env\.([A-Z][A-Z\d_]*)\b/g, /\bprocess\.env\[['"]([A-Z][A-Z\d_]*)['"]\]/g];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) if (!NOT_OURS.has(match[1]!)) names.add(match[1]!);
  }
  return names;
}

/** Variables a Markdown table documents: every `` `NAME` `` in a row's first cell. */
export function variablesDocumented(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const line of markdown.split('\n')) {
    const first = /^\|([^|]*)\|/.exec(line)?.[1];
    if (first === undefined) continue;
    for (const match of first.matchAll(/`([A-Z][A-Z\d_]*)`/g)) names.add(match[1]!);
  }
  return names;
}

/**
 * The routes a router file declares, as `METHOD /prefix/path`: `router.post('/token', …)` with prefix `/api`
 * is `POST /api/token`. Paths that are not string literals are not seen.
 */
export function routesDeclared(source: string, receiver: string, prefix: string): string[] {
  const pattern = new RegExp(`\\b${receiver}\\.(get|post|put|patch|delete)\\(\\s*'(/[^']*)'`, 'g');
  return [...source.matchAll(pattern)].map((m) => `${m[1]!.toUpperCase()} ${prefix}${m[2]!}`);
}

/** Numeric codes in the first cell of a Markdown table's rows (`| 1001 | 401 | … |`). */
export function codesDocumented(markdown: string): Set<number> {
  const codes = new Set<number>();
  for (const line of markdown.split('\n')) {
    const code = /^\|\s*(\d{4,5})\s*\|/.exec(line)?.[1];
    if (code !== undefined) codes.add(Number(code));
  }
  return codes;
}
