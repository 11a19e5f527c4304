import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUDGETS, reportBuild } from '../../widget/build/report-build.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A loader the way the build writes it: no static imports, chunks imported dynamically. */
const GOOD_LOADER =
  'customElements.define("embedded-chat",class extends HTMLElement{x(){return import("./chunks/view-a1.js")}});';

/** Bytes that gzip and brotli cannot shrink, as a JS comment, so sizes land where a test needs them. */
const incompressible = (bytes: number) =>
  `/*${randomBytes(bytes).toString('latin1').replaceAll('*/', '* ')}*/`;

/** A temp `dist/` with these files (paths relative to it). */
function dist(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'embedded-chat-dist-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text, 'latin1');
  }
  return root;
}

describe('reportBuild', () => {
  it('finds no problem in a small build with a classic-script loader', () => {
    const report = reportBuild(
      dist({
        'embedded-chat.js': GOOD_LOADER,
        'chunks/view-a1.js': 'export const v=1;',
        'chunks/ar-b2.js': 'export const ar={};',
        'embedded-chat.js.map': '{}',
        'custom-elements.json': '{}',
      }),
    );
    expect(report.problems).toEqual([]);
    expect(report.loader.file).toBe('embedded-chat.js');
    expect(report.app.map((f) => f.file)).toEqual(['chunks/view-a1.js']);
    expect(report.locales.map((f) => f.file)).toEqual(['chunks/ar-b2.js']);
  });

  it('sizes the eager entry on its own and leaves its later chunks out of the loader page’s counts', () => {
    const report = reportBuild(
      dist({
        'embedded-chat.js': GOOD_LOADER,
        'embedded-chat.eager.js': `export const v=1;${incompressible(3000)}`,
        'chunks/embedded-chat-view-a1.js': `export const v=1;${incompressible(3000)}`,
        'chunks/extras-f6.js': `export const x=1;${incompressible(2000)}`,
        'chunks/eager/extras-c3.js': `export const x=1;${incompressible(2000)}`,
        'chunks/eager/ar-d4.js': 'export const ar={};',
      }),
    );
    expect(report.eager?.file).toBe('embedded-chat.eager.js');
    expect(report.eager!.gzip).toBeGreaterThan(3000);
    expect(report.app.map((f) => f.file)).toEqual(['chunks/embedded-chat-view-a1.js']);
    expect(report.afterPaint.map((f) => f.file)).toEqual(['chunks/extras-f6.js']);
    expect(report.locales).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  it('holds the eager entry to the first conversation’s budget', () => {
    const report = reportBuild(
      dist({
        'embedded-chat.js': GOOD_LOADER,
        'embedded-chat.eager.js': `export const v=1;${incompressible(BUDGETS.firstConversationGzip + 100)}`,
      }),
    );
    expect(report.problems).toEqual([
      expect.stringMatching(
        /^embedded-chat\.eager\.js is .* gzip, over the first conversation's 86\.0 KB budget$/,
      ),
    ]);
  });

  it('counts the chunk loaded after the first paint in what a page downloads, not in the first conversation', () => {
    const report = reportBuild(
      dist({
        'embedded-chat.js': GOOD_LOADER,
        'chunks/embedded-chat-view-a1.js': `export const v=1;${incompressible(3000)}`,
        'chunks/extras-f6.js': `export const x=1;${incompressible(2000)}`,
      }),
    );
    expect(report.app.map((f) => f.file)).toEqual(['chunks/embedded-chat-view-a1.js']);
    expect(report.afterPaint.map((f) => f.file)).toEqual(['chunks/extras-f6.js']);
    expect(report.firstConversation.gzip).toBe(report.loader.gzip + report.app[0]!.gzip);
    expect(report.total.gzip).toBe(report.firstConversation.gzip + report.afterPaint[0]!.gzip);
  });

  it('keeps the on-demand push chunk and the service worker out of what a page downloads', () => {
    const report = reportBuild(
      dist({
        'embedded-chat.js': GOOD_LOADER,
        'chunks/view-a1.js': 'export const v=1;',
        'chunks/push-activation-e5.js': `export const p=1;${incompressible(200 * 1024)}`,
        'embedded-chat-sw.js': `(function(){})();${incompressible(50 * 1024)}`,
      }),
    );
    expect(report.problems).toEqual([]);
    expect(report.app.map((f) => f.file)).toEqual(['chunks/view-a1.js']);
    expect(report.onDemand.map((f) => f.file)).toEqual(['chunks/push-activation-e5.js']);
    expect(report.worker?.file).toBe('embedded-chat-sw.js');
    expect(report.total.gzip).toBeLessThan(10 * 1024);
  });

  it('measures raw, gzip and brotli sizes and totals the loader, the app chunks and the largest locale', () => {
    const report = reportBuild(
      dist({
        'embedded-chat.js': GOOD_LOADER,
        'chunks/view-a1.js': `export const v=1;${incompressible(4000)}`,
        'chunks/lit-c3.js': `export const l=1;${incompressible(2000)}`,
        'chunks/ar-b2.js': `export const ar={};${incompressible(1500)}`,
        'chunks/es-d4.js': `export const es={};${incompressible(500)}`,
      }),
    );
    const files = [report.loader, ...report.app, ...report.locales];
    expect(report.afterPaint).toEqual([]);
    for (const f of files) expect(f.gzip).toBeGreaterThan(0);
    expect(report.app.find((f) => f.file === 'chunks/view-a1.js')!.raw).toBeGreaterThan(4000);
    const ar = report.locales.find((f) => f.file === 'chunks/ar-b2.js')!;
    for (const key of ['raw', 'gzip', 'brotli'] as const) {
      const expected = report.loader[key] + report.app.reduce((n, f) => n + f[key], 0) + ar[key];
      expect(report.total[key], key).toBe(expected);
    }
  });

  it('counts the launcher’s chunk with the loader as a closed launcher, apart from the first conversation', () => {
    const files = {
      'embedded-chat.js': GOOD_LOADER,
      'chunks/embedded-chat-view-a1.js': `export const v=1;${incompressible(3000)}`,
      'chunks/embedded-chat-launcher-b7.js': `export const l=1;${incompressible(2000)}`,
    };
    const report = reportBuild(dist(files));
    expect(report.problems).toEqual([]);
    expect(report.app.map((f) => f.file)).toEqual(['chunks/embedded-chat-view-a1.js']);
    expect(report.launcher?.file).toBe('chunks/embedded-chat-launcher-b7.js');
    expect(report.closedLauncher?.gzip).toBe(report.loader.gzip + report.launcher!.gzip);
    expect(report.firstConversation.gzip).toBe(report.loader.gzip + report.app[0]!.gzip);
    const over = reportBuild(
      dist({
        ...files,
        'chunks/embedded-chat-launcher-b7.js': `export const l=1;${incompressible(BUDGETS.closedLauncherGzip)}`,
      }),
    );
    expect(over.problems).toEqual([
      expect.stringMatching(/^a closed launcher downloads [\d.]+ KB gzip, over its 10\.0 KB budget$/),
    ]);
  });

  it('flags a loader over its gzip budget', () => {
    const report = reportBuild(
      dist({ 'embedded-chat.js': GOOD_LOADER + incompressible(BUDGETS.loaderGzip + 512) }),
    );
    expect(report.loader.gzip).toBeGreaterThan(BUDGETS.loaderGzip);
    expect(report.problems).toEqual([
      expect.stringMatching(/^loader is [\d.]+ KB gzip, over its 6\.0 KB budget$/),
    ]);
  });

  it('flags a first conversation over its budget', () => {
    const half = BUDGETS.firstConversationGzip / 2;
    const over = reportBuild(
      dist({
        'embedded-chat.js': GOOD_LOADER,
        'chunks/view-a1.js': incompressible(half),
        'chunks/lit-c3.js': incompressible(half),
      }),
    );
    expect(over.problems).toEqual([
      expect.stringMatching(/^the first conversation downloads [\d.]+ KB gzip, over its 86\.0 KB budget$/),
    ]);
  });

  it('flags a page that downloads more than the total budget, counting only the largest locale', () => {
    const over = reportBuild(
      dist({
        'embedded-chat.js': GOOD_LOADER,
        'chunks/view-a1.js': incompressible(BUDGETS.firstConversationGzip - 4096),
        'chunks/extras-c3.js': incompressible(BUDGETS.totalGzip - BUDGETS.firstConversationGzip + 6144),
      }),
    );
    expect(over.problems).toEqual([
      expect.stringMatching(/^a page downloads [\d.]+ KB gzip, over the 100\.0 KB budget$/),
    ]);
    // Two locales of 30 KB each on a 40 KB app: only one is downloaded, so the page stays under the budget.
    const under = reportBuild(
      dist({
        'embedded-chat.js': GOOD_LOADER,
        'chunks/view-a1.js': incompressible(40 * 1024),
        'chunks/ar-b2.js': incompressible(30 * 1024),
        'chunks/es-d4.js': incompressible(30 * 1024),
      }),
    );
    expect(under.total.gzip).toBeLessThan(BUDGETS.totalGzip);
    expect(under.problems).toEqual([]);
  });

  const CLASSIC =
    'embedded-chat.js has static imports, exports or import.meta: it no longer loads as a classic script';

  it.each([
    ['a default import', 'import x from "./chunks/view-a1.js";x();'],
    ['a named import after other code', 'let a=1;import{b}from"./chunks/view-a1.js";b(a);'],
    ['a namespace import', 'import*as v from"./chunks/view-a1.js";'],
    ['an export statement', 'const a=1;\nexport default a;'],
    ['import.meta', 'const u=new URL("./chunks/view-a1.js",import.meta.url);'],
  ])('flags a loader with %s', (_case, loader) => {
    expect(reportBuild(dist({ 'embedded-chat.js': loader })).problems).toEqual([CLASSIC]);
  });

  it('accepts dynamic import() in the loader', () => {
    expect(
      reportBuild(dist({ 'embedded-chat.js': 'const v=()=>import("./chunks/view-a1.js");' })).problems,
    ).toEqual([]);
  });

  // The forms the minifier actually writes: `import"./x.js"` and `export{a as b}`.
  it.each([
    [
      'a minified side-effect import',
      'import"./chunks/events-e5.js";customElements.define("embedded-chat",class{});',
    ],
    ['a minified side-effect import after code', "let a=1;import'./chunks/events-e5.js';"],
    ['a minified export list', 'function a(){}export{a as defineEmbeddedChat};'],
  ])('flags a loader with %s', (_case, loader) => {
    expect(reportBuild(dist({ 'embedded-chat.js': loader })).problems).toEqual([CLASSIC]);
  });

  // Words in strings and comments are not statements.
  it('accepts a loader whose messages contain the words "imports" and "export "', () => {
    const loader = 'throw new Error("unable to load the chat; the page imports it twice, export it once");';
    expect(reportBuild(dist({ 'embedded-chat.js': loader })).problems).toEqual([]);
  });
});
