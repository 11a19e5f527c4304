import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { round } from './bench-support.js';

export { launchChromium } from '../support/chromium.js';

const PAGE_TIMEOUT_MS = 20_000;
const AFTER_PAINT_CHUNK = /\/chunks\/(?:eager\/)?extras-[\w-]+\.js$/;

/** A script the page fetched (resource timing; ms since navigation start). */
export interface FetchedScript {
  path: string;
  /** Encoded body bytes as received (the page server sends files as they are). */
  bytes: number;
  start: number;
  end: number;
}

interface Span {
  start: number;
  end: number;
}

/** What `__resources()` answers (widget-bench-page-script.ts). */
export interface PageResources {
  scripts: FetchedScript[];
  token: Span | null;
  history: Span | null;
  marks: { wsOpened: number | null; connected: number | null; attached: number | null };
  longTasks: { start: number; duration: number }[];
}

/** What `window.__done` resolves with (widget-bench-pages.ts). */
export interface Done extends PageResources {
  appendedAt: number;
  renderedAt: number;
  codeAt: number | null;
  newestOnScreen: boolean;
  rows: number;
}

/** Milestones of one page load, ms since navigation start; null when the page had no such step. */
export interface Milestones {
  /** The last script fetched before the conversation was rendered. */
  scriptsLoaded: number | null;
  /** The code that opens the chat evaluated: the element's chat chunk defined its view; the baseline's module ran. */
  codeEvaluated: number | null;
  tokenRequested: number | null;
  tokenAnswered: number | null;
  socketOpened: number | null;
  /** The first CONNECTED protocol message. */
  connected: number | null;
  /** The first ATTACHED protocol message (the chat room's channel). */
  attached: number | null;
  historyRequested: number | null;
  historyAnswered: number | null;
  /** The newest message's text in the DOM. */
  rendered: number;
  /** The element's chunk loaded after the first paint (extras-*.js) arrived. */
  afterPaintChunkLoaded: number | null;
  /** The element's participants button (drawn by that chunk) exists. */
  interactive: number | null;
}

/** One page load, timed by the page itself. */
export interface TimedRun {
  /** The element (or the baseline's list) appended → rendered; its scripts are loaded by then. */
  fromAppendMs: number;
  milestones: Milestones;
  /** Whether the newest message's row was inside the list's visible box when its text landed. */
  newestOnScreen: boolean;
  /** Message rows in the DOM then. */
  rowsAtRender: number;
  /** Scripts fetched before the conversation was rendered. */
  scriptsBeforeRender: FetchedScript[];
  /** Long tasks (> 50 ms) up to the last milestone, ms since navigation start. */
  longTasks: { start: number; duration: number }[];
}

/** A page in a fresh browser context (empty cache and storage), noting the page's errors. */
export class BenchPage {
  private readonly _errors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (err) => this._errors.push(err.message));
  }

  static async open(browser: Browser): Promise<BenchPage> {
    const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
    return new BenchPage(context, await context.newPage());
  }

  /** `err`, with what the page threw meanwhile. */
  explain(err: unknown): Error {
    const detail = this._errors.length > 0 ? ` (page errors: ${this._errors.join('; ')})` : '';
    return new Error(`${(err as Error).message}${detail}`, { cause: err });
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** A fresh context and page for `use`; closed whatever happens. */
export async function withPage<T>(
  browser: Browser,
  use: (page: Page, context: BrowserContext) => Promise<T>,
): Promise<T> {
  const bench = await BenchPage.open(browser);
  try {
    return await use(bench.page, bench.context);
  } catch (err) {
    throw bench.explain(err);
  } finally {
    await bench.close();
  }
}

/**
 * Evaluates `expression` (a string: tsx's compiled functions can carry helpers the page does not have), a
 * promise in the page, failing with `what` after `timeoutMs`.
 */
export function awaitInPage<T>(page: Page, expression: string, what: string, timeoutMs: number): Promise<T> {
  return page.evaluate(`Promise.race([
    (${expression}),
    new Promise((_, reject) => setTimeout(() => reject(new Error(${JSON.stringify(`${what}: not within ${timeoutMs} ms`)})), ${timeoutMs})),
  ])`) as Promise<T>;
}

/** Opens `url` and waits for the newest message's text (`window.__done`). */
export async function openPage(page: Page, url: string): Promise<Done> {
  await page.goto(url);
  return awaitInPage<Done>(
    page,
    "window.__done ?? Promise.reject(new Error('the page script did not run'))",
    'the newest message rendered',
    PAGE_TIMEOUT_MS,
  );
}

/**
 * Loads `url` in a fresh context and times it; with `interactive`, also waits for the element's participants
 * button (the chunk loaded after the first paint at work).
 */
export function timedRun(browser: Browser, url: string, interactive: boolean): Promise<TimedRun> {
  return withPage(browser, async (page) => {
    const done = await openPage(page, url);
    const interactiveAt = interactive
      ? await awaitInPage<number>(page, 'window.__interactive', 'the participants button', PAGE_TIMEOUT_MS)
      : null;
    const later: PageResources = await page.evaluate('__resources()');
    return timedRunOf(done, later, interactiveAt);
  });
}

function timedRunOf(done: Done, later: PageResources, interactiveAt: number | null): TimedRun {
  const ms = (at: number | null | undefined) => (at === null || at === undefined ? null : round(at, 1));
  const before = done.scripts.filter((s) => s.end <= done.renderedAt);
  const afterPaintChunk = later.scripts.find((s) => AFTER_PAINT_CHUNK.test(s.path));
  const last = interactiveAt ?? done.renderedAt;
  return {
    fromAppendMs: round(done.renderedAt - done.appendedAt, 1),
    milestones: {
      scriptsLoaded: ms(before.length ? Math.max(...before.map((s) => s.end)) : null),
      codeEvaluated: ms(done.codeAt),
      tokenRequested: ms(done.token?.start),
      tokenAnswered: ms(done.token?.end),
      socketOpened: ms(done.marks.wsOpened),
      connected: ms(done.marks.connected),
      attached: ms(done.marks.attached),
      historyRequested: ms(done.history?.start),
      historyAnswered: ms(done.history?.end),
      rendered: round(done.renderedAt, 1),
      afterPaintChunkLoaded: ms(afterPaintChunk?.end),
      interactive: ms(interactiveAt),
    },
    newestOnScreen: done.newestOnScreen,
    rowsAtRender: done.rows,
    scriptsBeforeRender: before,
    longTasks: later.longTasks.filter((t) => t.start <= last),
  };
}

/** What a page downloaded: the scripts before its conversation was rendered, and by `firstSecondsMs`. */
export interface PageDownload {
  beforeRender: FetchedScript[];
  firstSeconds: FetchedScript[];
  newestOnScreen: boolean;
}

/** Loads `url` in a fresh context and lists the scripts it fetched before rendering and in its first seconds. */
export function downloadRun(browser: Browser, url: string, firstSecondsMs: number): Promise<PageDownload> {
  return withPage(browser, async (page) => {
    const done = await openPage(page, url);
    await page.evaluate(
      `new Promise((resolve) => setTimeout(resolve, Math.max(0, ${firstSecondsMs} - performance.now())))`,
    );
    const later: PageResources = await page.evaluate('__resources()');
    return {
      beforeRender: done.scripts.filter((s) => s.end <= done.renderedAt),
      firstSeconds: later.scripts,
      newestOnScreen: done.newestOnScreen,
    };
  });
}

/** The page's memory after a forced full GC (CDP), and its DOM. */
export interface HeapReading {
  /** `Runtime.getHeapUsage().usedSize`: V8 heap in use. */
  jsHeapUsedBytes: number;
  /** `Runtime.getHeapUsage().totalSize`: V8 heap reserved. */
  jsHeapTotalBytes: number;
  /** `Runtime.getHeapUsage().embedderHeapUsedSize`: Blink's (Oilpan) heap — DOM nodes live there. */
  embedderHeapUsedBytes?: number;
  /** `Performance.getMetrics` Nodes: DOM nodes the renderer holds, shadow trees included. */
  domNodes?: number;
  /** Nodes in the document's tree, shadow trees included, counted in the page… */
  domNodesInTree: number;
  /** …of which comments (Lit's part markers among them). */
  commentNodesInTree: number;
}

export async function readHeap(page: Page, cdp: CDPSession): Promise<HeapReading> {
  // Twice: the first pass can leave garbage that finalizers of the first made collectable.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as {
    usedSize: number;
    totalSize: number;
    embedderHeapUsedSize?: number;
  };
  const nodes = (await metricsOf(cdp)).Nodes;
  return {
    jsHeapUsedBytes: usage.usedSize,
    jsHeapTotalBytes: usage.totalSize,
    ...(usage.embedderHeapUsedSize === undefined
      ? {}
      : { embedderHeapUsedBytes: usage.embedderHeapUsedSize }),
    ...(nodes === undefined ? {} : { domNodes: nodes }),
    ...((await page.evaluate('__countNodes()')) as { domNodesInTree: number; commentNodesInTree: number }),
  };
}

/** `Performance.getMetrics` by name (call `Performance.enable` once first). */
export async function metricsOf(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** Lets timers that follow a render (read-state save, presence) run before a reading. */
export const SETTLE_MS = 1_000;

/** The heap of an empty page: what a renderer holds before any page script. */
export function emptyHeap(browser: Browser, url: string): Promise<HeapReading> {
  return withPage(browser, async (page, context) => {
    await page.goto(url);
    await page.waitForTimeout(SETTLE_MS);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    return readHeap(page, cdp);
  });
}
