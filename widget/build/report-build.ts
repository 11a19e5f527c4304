import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { initSync, parse } from 'es-module-lexer';

/**
 * After `vite build`: prints the size report (raw / gzip -9 / brotli) and fails the build when a budget is
 * exceeded or the loader stopped being loadable as a classic script. Budgets (gzip):
 * - the loader ≤ 6 KB;
 * - the first conversation — the loader and the chat chunk, all a page downloads before it shows one — ≤ 86 KB;
 *   the same for `embedded-chat.eager.js` (both in one file) when the build has it;
 * - everything a page downloads in its first seconds — that, the chunk loaded after the first paint and the
 *   largest locale — ≤ 100 KB;
 * - a page with a closed `<embedded-chat-launcher>` — the loader and the launcher's chunk (its button, badge and
 *   unread stream, without the SDKs or Lit) — ≤ 10 KB.
 * The first-conversation gate is where the element stands (85.9 KB with photos, files, agents' replies, the inbox
 * and the launcher), so it cannot grow unnoticed; its floor is the SDKs and Lit: `ably/modular` with the plugins
 * the element uses (WebSocket, long polling, fetch, presence, REST — 6.5 KB of it, for the one `request()` that
 * `@ably/chat` calls) and `@ably/chat` come to 61.9 KB, lit-html to ≈ 4 KB, before the element's own code
 * (docs/benchmarks.md).
 */
export const BUDGETS = {
  loaderGzip: 6 * 1024,
  firstConversationGzip: 86 * 1024,
  totalGzip: 100 * 1024,
  closedLauncherGzip: 10 * 1024,
} as const;

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export interface SizeReport {
  loader: FileSize;
  /** The chat chunk and its static imports: with the loader, what a page downloads before the first conversation. */
  app: FileSize[];
  /** Loaded right after the first paint (`extras-*`: everything beyond showing the conversation). */
  afterPaint: FileSize[];
  /** Locale chunks: a page loads at most one. */
  locales: FileSize[];
  /**
   * Chunks loaded only on demand, outside the page budget: "notify me" (`push-activation-*`, with the
   * `ably/push` plugin) when someone turns notifications on or off; attaching files and a photo's full view
   * (`attachments-feature-*`, and its strings in another language, `files-<lang>-*`) at the first pick, drop,
   * paste or photo opened; agents' replies (`agent-runs-*`, and its strings in another language,
   * `agent-<lang>-*`) when a run is live in the task; the inbox (`embedded-chat-inbox-view-*`), on pages with
   * `<embedded-chat-inbox>`.
   */
  onDemand: FileSize[];
  /** The service worker (`embedded-chat-sw.js`), fetched by the browser for push only. */
  worker?: FileSize;
  /** `<embedded-chat-launcher>`'s chunk (`embedded-chat-launcher-*`), on pages with a launcher. */
  launcher?: FileSize;
  /** loader + launcher: what a page with a closed launcher downloads. */
  closedLauncher?: Omit<FileSize, 'file'>;
  /** loader + app: the first conversation. */
  firstConversation: Omit<FileSize, 'file'>;
  /**
   * `embedded-chat.eager.js`: the loader and the chat in one file, all a page that loads it downloads before the
   * first conversation. Its later chunks (`chunks/eager/`) are copies of the ones above for it, so they are not
   * counted again.
   */
  eager?: FileSize;
  /** loader + app + afterPaint + the largest locale. */
  total: Omit<FileSize, 'file'>;
  problems: string[];
}

const LOCALE_CHUNK = /^chunks\/(ar|es|de|fr)-[\w-]+\.js$/;
const ON_DEMAND_CHUNK =
  /^chunks\/(?:push-activation|attachments-feature|agent-runs|(?:files|agent)-(?:ar|es|de|fr)|embedded-chat-inbox-view)-[\w-]+\.js$/;
const AFTER_PAINT_CHUNK = /^chunks\/extras-[\w-]+\.js$/;
const LAUNCHER_CHUNK = /^chunks\/embedded-chat-launcher-[\w-]+\.js$/;
const WORKER = 'embedded-chat-sw.js';
const EAGER = 'embedded-chat.eager.js';
const EAGER_CHUNKS = 'chunks/eager/';

export function sizeOf(dist: string, file: string): FileSize {
  const bytes = readFileSync(join(dist, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Measures `dist/` and checks the budgets and the loader's shape. Pure apart from reading files. */
export function reportBuild(dist: string): SizeReport {
  const files = listJs(dist);
  const loader = sizeOf(dist, 'embedded-chat.js');
  const chunks = files.filter((f) => f.startsWith('chunks/') && !f.startsWith(EAGER_CHUNKS));
  const eager = files.includes(EAGER) ? sizeOf(dist, EAGER) : undefined;
  const locales = chunks.filter((f) => LOCALE_CHUNK.test(f)).map((f) => sizeOf(dist, f));
  const onDemand = chunks.filter((f) => ON_DEMAND_CHUNK.test(f)).map((f) => sizeOf(dist, f));
  const afterPaint = chunks.filter((f) => AFTER_PAINT_CHUNK.test(f)).map((f) => sizeOf(dist, f));
  const launcherFile = chunks.find((f) => LAUNCHER_CHUNK.test(f));
  const launcher = launcherFile === undefined ? undefined : sizeOf(dist, launcherFile);
  const app = chunks
    .filter(
      (f) =>
        !LOCALE_CHUNK.test(f) && !ON_DEMAND_CHUNK.test(f) && !AFTER_PAINT_CHUNK.test(f) && f !== launcherFile,
    )
    .map((f) => sizeOf(dist, f));
  const closedLauncher = launcher ? totalOf([loader, launcher]) : undefined;
  const worker = files.includes(WORKER) ? sizeOf(dist, WORKER) : undefined;
  const largestLocale = locales.reduce<FileSize | undefined>(
    (a, b) => (!a || b.gzip > a.gzip ? b : a),
    undefined,
  );
  const firstConversation = totalOf([loader, ...app]);
  const total = totalOf([loader, ...app, ...afterPaint, ...(largestLocale ? [largestLocale] : [])]);
  const problems: string[] = [];
  if (loader.gzip > BUDGETS.loaderGzip) {
    problems.push(`loader is ${kb(loader.gzip)} gzip, over its ${kb(BUDGETS.loaderGzip)} budget`);
  }
  if (firstConversation.gzip > BUDGETS.firstConversationGzip) {
    problems.push(
      `the first conversation downloads ${kb(firstConversation.gzip)} gzip, over its ${kb(BUDGETS.firstConversationGzip)} budget`,
    );
  }
  if (eager && eager.gzip > BUDGETS.firstConversationGzip) {
    problems.push(
      `${EAGER} is ${kb(eager.gzip)} gzip, over the first conversation's ${kb(BUDGETS.firstConversationGzip)} budget`,
    );
  }
  if (total.gzip > BUDGETS.totalGzip) {
    problems.push(`a page downloads ${kb(total.gzip)} gzip, over the ${kb(BUDGETS.totalGzip)} budget`);
  }
  if (closedLauncher && closedLauncher.gzip > BUDGETS.closedLauncherGzip) {
    problems.push(
      `a closed launcher downloads ${kb(closedLauncher.gzip)} gzip, over its ${kb(BUDGETS.closedLauncherGzip)} budget`,
    );
  }
  if (!loadsAsClassicScript(readFileSync(join(dist, 'embedded-chat.js'), 'utf8'))) {
    problems.push(
      'embedded-chat.js has static imports, exports or import.meta: it no longer loads as a classic script',
    );
  }
  return {
    loader,
    app,
    afterPaint,
    locales,
    onDemand,
    ...(worker ? { worker } : {}),
    ...(launcher && closedLauncher ? { launcher, closedLauncher } : {}),
    firstConversation,
    ...(eager ? { eager } : {}),
    total,
    problems,
  };
}

/**
 * A classic `<script src>` cannot hold import/export statements or `import.meta`; dynamic `import()` is fine.
 * es-module-lexer tells them apart (d: -1 static, -2 import.meta, ≥ 0 dynamic), strings and comments aside.
 */
export function loadsAsClassicScript(source: string): boolean {
  initSync();
  const [imports, exports] = parse(source);
  return exports.length === 0 && imports.every((i) => i.d >= 0);
}

function listJs(dist: string, dir = dist): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listJs(dist, path);
    return entry.name.endsWith('.js') ? [relative(dist, path).split('\\').join('/')] : [];
  });
}

function totalOf(parts: FileSize[]): Omit<FileSize, 'file'> {
  const sum = (key: 'raw' | 'gzip' | 'brotli') => parts.reduce((n, p) => n + p[key], 0);
  return { raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function row(name: string, s: Omit<FileSize, 'file'>): string {
  return `  ${name.padEnd(44)} ${kb(s.raw).padStart(9)} ${kb(s.gzip).padStart(9)} ${kb(s.brotli).padStart(9)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = fileURLToPath(new URL('../../dist', import.meta.url));
  const report = reportBuild(dist);
  console.log(`\nembedded-chat size report${''.padEnd(21)}       raw      gzip    brotli`);
  for (const f of [report.loader, ...report.app]) console.log(row(f.file, f));
  console.log(row('the first conversation (loader + chat)', report.firstConversation));
  if (report.eager) console.log(row(`${report.eager.file} (loader + chat in one)`, report.eager));
  for (const f of [...report.afterPaint, ...report.locales]) console.log(row(f.file, f));
  console.log(row('a page downloads (+ after paint + 1 locale)', report.total));
  for (const f of [...report.onDemand, ...(report.worker ? [report.worker] : [])]) {
    console.log(row(`${f.file} (on demand)`, f));
  }
  if (report.launcher && report.closedLauncher) {
    console.log(row(report.launcher.file, report.launcher));
    console.log(row('a closed launcher (loader + launcher)', report.closedLauncher));
  }
  console.log(
    `  budgets (gzip): loader ≤ ${kb(BUDGETS.loaderGzip)}, first conversation ≤ ${kb(BUDGETS.firstConversationGzip)}, a page ≤ ${kb(BUDGETS.totalGzip)}, a closed launcher ≤ ${kb(BUDGETS.closedLauncherGzip)}`,
  );
  writeFileSync(
    join(dist, 'size-report.json'),
    `${JSON.stringify({ ...report, budgets: BUDGETS }, null, 2)}\n`,
  );
  if (report.problems.length > 0) {
    for (const p of report.problems) console.error(`build: ${p}`);
    process.exit(1);
  }
}
