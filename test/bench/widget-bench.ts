import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { ensureWidgetBuilt } from '../../server/widget-build/ensure-widget-built.js';
import { BUDGETS, reportBuild, sizeOf } from '../../widget/build/report-build.js';
import { ChatStackServer } from '../support/browser/chat-stack-server.js';
import { BARE_CHAT_FILE, buildBareChat } from './bare-chat-page/build-bare-chat.js';
import { codeRevision, machineInfo, progress, REPO_ROOT, round, writeResult } from './bench-support.js';
import { elementHeap, heapOf, launchChromium, timedRun, type TimedRun } from './widget-bench-browser.js';
import { barePage, elementPage, emptyPage, PageServer, type PageTarget } from './widget-bench-pages.js';
import { heapRatio, printSummary, summarize, totalOf } from './widget-bench-report.js';

/** Timed page loads per page (≥ 10), after WARMUP discarded ones; element and baseline alternate. */
const RUNS = 12;
const WARMUP = 1;
/** The conversation timed: HISTORY messages, of which the latest PAGE are shown (the element's page size). */
const HISTORY = 60;
const PAGE = 50;
/** The heap is read with this many messages rendered. */
const HEAP_MESSAGES = 1000;
const TARGET_RATIO = 1.5;
const STACK_ID = 'widget-bench';

const DIST = join(REPO_ROOT, 'dist');
const VITE_BIN = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const VIEWER = { userId: 'ann', role: 'customer', name: 'Ann' } as const;
const SENDER = { userId: 'dana', role: 'agent', name: 'Dana' } as const;

/**
 * `npm run bench -- widget`: what `<embedded-chat>` costs a page, against a bare page doing the least that
 * shows the same conversation with the same SDKs, measured in the same run. Sizes (raw / gzip / brotli), time
 * to first conversation (median of RUNS fresh page loads each) and the JS heap with HEAP_MESSAGES rendered.
 * Browser, ably-local and the backend share this process's 2 cores; compare ratios, not absolute figures.
 */
export async function runWidgetBench(): Promise<void> {
  const started = new Date().toISOString();
  const t0 = performance.now();
  const build = await ensureWidgetBuilt({
    repoRoot: REPO_ROOT,
    // vite only: `npm run build` would stop here when a budget is exceeded, and the bench reports budgets.
    command: [process.execPath, VITE_BIN, 'build', '--logLevel', 'warn'],
    log: progress,
  });
  const elementSizes = reportBuild(DIST);
  progress('building the baseline page (vite, temp dir)');
  const bareDir = await buildBareChat();
  const bareSize = sizeOf(bareDir, BARE_CHAT_FILE);
  const pages = await PageServer.start(DIST, bareDir);
  // Seeding 1,000 messages as one sender is far over ably-local's per-identity REST write rate.
  const stack = await ChatStackServer.start(STACK_ID, {
    allowedOrigins: [pages.origin],
    restWriteRate: 100_000,
  });
  let browser: Browser | undefined;
  try {
    progress(`seeding ${HISTORY} + ${HEAP_MESSAGES} messages`);
    const conversation = await seedTask(stack, 'order:bench-first', HISTORY);
    const long = await seedTask(stack, 'order:bench-heap', HEAP_MESSAGES);
    browser = await launchChromium();

    progress(`time to first conversation: ${WARMUP} + ${RUNS} runs each`);
    const elementUrl = pages.page('element', elementPage(conversation));
    const bareUrl = pages.page('bare', barePage(conversation));
    const element: TimedRun[] = [];
    const bare: TimedRun[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      // ABBA order, so neither page always runs right after the other.
      const order = i % 2 === 0 ? (['element', 'bare'] as const) : (['bare', 'element'] as const);
      for (const which of order) {
        const run = await timedRun(browser, which === 'element' ? elementUrl : bareUrl);
        if (i >= WARMUP) (which === 'element' ? element : bare).push(run);
      }
    }

    progress(`heap with ${HEAP_MESSAGES} messages`);
    const emptyHeap = await heapOf(browser, pages.page('empty', emptyPage()), 0);
    const elementHeapRun = await elementHeap(
      browser,
      pages.page('element-heap', elementPage(long)),
      HEAP_MESSAGES,
    );
    const bareFirstHeap = await heapOf(browser, pages.page('bare-heap-first', barePage(long)), PAGE);
    const bareAllHeap = await heapOf(
      browser,
      pages.page('bare-heap-all', barePage({ ...long, rows: HEAP_MESSAGES, text: 'Message 1', all: true })),
      HEAP_MESSAGES,
    );

    const elementTimes = summarize(element);
    const bareTimes = summarize(bare);
    const englishPage = totalOf([elementSizes.loader, ...elementSizes.app]);
    const result = {
      benchmark: 'widget',
      started,
      machine: await machineInfo(),
      browser: `Chromium ${browser.version()} (headless)`,
      revision: codeRevision(['widget', 'test/bench', 'vite.config.ts']),
      setup: {
        build: `${build}: dist/ by vite build (vite.config.ts); baseline by vite's JS API into a temp dir`,
        timing:
          'fresh browser context per run; navigation start (performance.now() in the page) → the first DOM ' +
          `mutation after which ${PAGE} messages are rendered and the ${PAGE}th newest one's text is in the DOM ` +
          "(element: embedded-chat-view's shadow root, [role=log] article [part=bubble]; baseline: its <li> rows); " +
          'fromAppend starts when the page appends the element (or the list), its scripts already loaded',
        element:
          '<embedded-chat> with the default loading (lazy), 420×600 px in the viewport: the loader imports the chat chunk when it sees it',
        baseline:
          'bare-chat-page/bare-chat.ts: no Lit, no element; POST /api/token, BaseRealtime (ably/modular: ' +
          'WebSocketTransport, FetchRequest, RealtimePresence, Rest; `ably` aliased to a shim), @ably/chat room ' +
          'attach, historyBeforeSubscribe({limit: 50}), rows written as text',
        network:
          'loopback; page server, backend and ably-local in this process; browsers reach ably-local through the stack’s TCP proxy',
        history: `${HISTORY} messages from another participant, seeded once; the viewer has read them all (its read marker is the newest)`,
        runs: RUNS,
        warmup: WARMUP,
      },
      sizes: {
        elementLoader: elementSizes.loader,
        elementApp: elementSizes.app,
        elementLocales: elementSizes.locales,
        /** What an English page downloads: the loader and the app chunks. */
        elementEnglishPage: englishPage,
        /** reportBuild's total: loader + app + the largest locale. */
        elementWorstPage: elementSizes.total,
        budgets: BUDGETS,
        budgetProblems: elementSizes.problems,
        baseline: bareSize,
        ratio: {
          raw: round(englishPage.raw / bareSize.raw),
          gzip: round(englishPage.gzip / bareSize.gzip),
          brotli: round(englishPage.brotli / bareSize.brotli),
        },
      },
      timeToFirstConversation: {
        element: elementTimes,
        baseline: bareTimes,
        ratio: {
          fromNavigation: round(elementTimes.fromNavigation.medianMs / bareTimes.fromNavigation.medianMs),
          fromAppend: round(elementTimes.fromAppend.medianMs / bareTimes.fromAppend.medianMs),
        },
        targetRatio: TARGET_RATIO,
      },
      heap: {
        messages: HEAP_MESSAGES,
        method:
          'HeapProfiler.collectGarbage ×2, then Runtime.getHeapUsage and Performance.getMetrics (CDP), 1 s after render',
        emptyPage: emptyHeap,
        element: { ...elementHeapRun.firstConversation, atAll: elementHeapRun.allMessages },
        elementPageBackMs: elementHeapRun.pageBackMs,
        baseline: { ...bareFirstHeap, atAll: bareAllHeap },
        ratio: heapRatio(elementHeapRun.allMessages, bareAllHeap, emptyHeap),
      },
      durationSeconds: round((performance.now() - t0) / 1000, 1),
    };
    await writeResult('widget', result);
    printSummary(result);
  } finally {
    await browser?.close();
    await stack.stop();
    await pages.close();
    await rm(bareDir, { recursive: true, force: true });
  }
}

/** A task with the viewer and a sender, `count` messages from the sender, and the viewer's marker at the newest. */
async function seedTask(stack: ChatStackServer, task: string, count: number): Promise<PageTarget> {
  await stack.createTask({
    id: STACK_ID,
    task,
    type: 'order',
    title: 'Bench order',
    participants: [VIEWER, SENDER],
  });
  const serials = await stack.seedHistory({ id: STACK_ID, task, userId: SENDER.userId, count });
  const participantToken = stack.participantToken({ id: STACK_ID, task, ...VIEWER });
  const response = await fetch(stack.info.readStateUrl, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ task, participantToken, serial: serials.at(-1) }),
  });
  if (!response.ok)
    throw new Error(`unable to seed the read marker; the backend answered ${response.status}`);
  // seedHistory's texts are "Message 1" … "Message <count>"; the PAGE-th newest is the oldest of the latest page.
  return {
    tokenUrl: stack.info.tokenUrl,
    task,
    participantToken,
    rows: PAGE,
    text: `Message ${count - PAGE + 1}`,
  };
}
