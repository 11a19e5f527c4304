import type { Browser, BrowserContext, Page } from 'playwright-core';
import { round } from './bench-support.js';

export { launchChromium } from '../support/chromium.js';

const PAGE_TIMEOUT_MS = 20_000;

/** One page load, timed by the page itself (widget-bench-pages.ts `__watch`). */
export interface TimedRun {
  /** Navigation start → the conversation rendered. */
  fromNavigationMs: number;
  /** The element (or the baseline's list) appended → rendered; the scripts are loaded by then. */
  fromAppendMs: number;
  /** Encoded body bytes of the `.js` files the page fetched (the servers send them uncompressed). */
  jsBytes: number;
  /** Milestones from resource timing, ms since navigation start (null when the page made no such request). */
  scriptsLoadedMs: number | null;
  tokenAnsweredMs: number | null;
  historyAnsweredMs: number | null;
}

/** A fresh context (empty cache and storage) and page; closed whatever happens. */
async function withPage<T>(
  browser: Browser,
  use: (page: Page, context: BrowserContext) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    return await use(page, context);
  } catch (err) {
    const detail = errors.length > 0 ? ` (page errors: ${errors.join('; ')})` : '';
    throw new Error(`${(err as Error).message}${detail}`, { cause: err });
  } finally {
    await context.close();
  }
}

/** Opens `url` and waits for its `window.__done`. */
async function load(page: Page, url: string): Promise<TimedRun> {
  await page.goto(url);
  // A string, not a function: tsx's compiled functions can carry helpers the page does not have.
  const done = (await page.evaluate(`Promise.race([
    window.__done ?? Promise.reject(new Error('the page script did not run')),
    new Promise((_, reject) => setTimeout(() => reject(new Error('not rendered in ${PAGE_TIMEOUT_MS} ms')), ${PAGE_TIMEOUT_MS})),
  ])`)) as {
    appendedAt: number;
    renderedAt: number;
    jsBytes: number;
    scriptsLoadedAt: number | null;
    tokenAt: number | null;
    historyAt: number | null;
  };
  const ms = (at: number | null) => (at === null ? null : round(at, 1));
  return {
    fromNavigationMs: round(done.renderedAt, 1),
    fromAppendMs: round(done.renderedAt - done.appendedAt, 1),
    jsBytes: done.jsBytes,
    scriptsLoadedMs: ms(done.scriptsLoadedAt),
    tokenAnsweredMs: ms(done.tokenAt),
    historyAnsweredMs: ms(done.historyAt),
  };
}

export function timedRun(browser: Browser, url: string): Promise<TimedRun> {
  return withPage(browser, (page) => load(page, url));
}

/** The page's JS heap after a forced full GC (CDP), and what the renderer counts besides. */
export interface HeapReading {
  /** `Runtime.getHeapUsage().usedSize`: V8 heap in use. */
  jsHeapUsedBytes: number;
  /** `Runtime.getHeapUsage().totalSize`: V8 heap reserved. */
  jsHeapTotalBytes: number;
  /** `Runtime.getHeapUsage().embedderHeapUsedSize`: Blink's (Oilpan) heap — DOM nodes live there. */
  embedderHeapUsedBytes?: number;
  /** `Performance.getMetrics` Nodes: live DOM nodes in the page, shadow trees included. */
  domNodes?: number;
  /** Messages on screen when measured. */
  messages: number;
}

async function readHeap(page: Page, context: BrowserContext, messages: number): Promise<HeapReading> {
  const cdp = await context.newCDPSession(page);
  // Twice: the first pass can leave garbage that finalizers of the first made collectable.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as {
    usedSize: number;
    totalSize: number;
    embedderHeapUsedSize?: number;
  };
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return {
    jsHeapUsedBytes: usage.usedSize,
    jsHeapTotalBytes: usage.totalSize,
    ...(usage.embedderHeapUsedSize === undefined
      ? {}
      : { embedderHeapUsedBytes: usage.embedderHeapUsedSize }),
    ...(metrics.find((m) => m.name === 'Nodes')
      ? { domNodes: metrics.find((m) => m.name === 'Nodes')!.value }
      : {}),
    messages,
  };
}

/** Loads `url` (a page that renders `messages` rows by itself) and reads its heap. */
export function heapOf(browser: Browser, url: string, messages: number): Promise<HeapReading> {
  return withPage(browser, async (page, context) => {
    await load(page, url);
    await page.waitForTimeout(SETTLE_MS);
    return readHeap(page, context, messages);
  });
}

/** Lets timers that follow a render (read-state save, presence) run before a heap reading. */
const SETTLE_MS = 1_000;

/** What the element's heap run measured: at first conversation, after paging back to `total`, and how long that took. */
export interface ElementHeapRun {
  firstConversation: HeapReading;
  allMessages: HeapReading;
  pageBackMs: number;
}

/**
 * Opens the element page, reads the heap with the first page shown, then pages back the way a reader does
 * (scrolling the log to the top until the element has fetched and rendered `total` messages) and reads it again.
 */
export function elementHeap(browser: Browser, url: string, total: number): Promise<ElementHeapRun> {
  return withPage(browser, async (page, context) => {
    await load(page, url);
    await page.waitForTimeout(SETTLE_MS);
    const firstConversation = await readHeap(page, context, await countArticles(page));
    const started = Date.now();
    await page.evaluate(`(async () => {
      const log = document.querySelector('embedded-chat').shadowRoot.querySelector('embedded-chat-view')
        .shadowRoot.querySelector('[role=log]');
      const count = () => log.querySelectorAll('article').length;
      const deadline = performance.now() + 60000;
      while (count() < ${total}) {
        if (performance.now() > deadline) throw new Error('paged back to ' + count() + ' of ${total} messages in 60 s');
        log.scrollTop = 0;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })()`);
    const pageBackMs = Date.now() - started;
    await page.waitForTimeout(SETTLE_MS);
    return {
      firstConversation,
      allMessages: await readHeap(page, context, await countArticles(page)),
      pageBackMs,
    };
  });
}

function countArticles(page: Page): Promise<number> {
  return page.evaluate(`document.querySelector('embedded-chat').shadowRoot.querySelector('embedded-chat-view')
    .shadowRoot.querySelectorAll('[role=log] article').length`) as Promise<number>;
}
