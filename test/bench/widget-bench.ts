import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { ensureWidgetBuilt } from '../../server/widget-build/ensure-widget-built.js';
import { BUDGETS, reportBuild } from '../../widget/build/report-build.js';
import { ChatStackServer } from '../support/browser/chat-stack-server.js';
import { buildBareChat } from './bare-chat-page/build-bare-chat.js';
import { codeRevision, machineInfo, progress, REPO_ROOT, round, writeResult } from './bench-support.js';
import { downloadRun, emptyHeap, launchChromium, timedRun, type TimedRun } from './widget-bench-browser.js';
import { downloadsOf } from './widget-bench-download.js';
import {
  arrivalRatioOf,
  bareLevel,
  levelOf,
  measureArrivals,
  openElementLevel,
  type LevelReading,
  type LevelResult,
  type OpenLevel,
} from './widget-bench-long.js';
import { barePage, elementPage, emptyPage, PageServer, type PageTarget } from './widget-bench-pages.js';
import { ratio, ratios, summarize } from './widget-bench-report.js';
import { printSummary } from './widget-bench-summary.js';
import { targetsOf } from './widget-bench-targets.js';

/**
 * Timed page loads per page (≥ 10), after WARMUP discarded ones. Three pages — the element through its loader,
 * through its eager entry, and the baseline — load in turn, each round in the next of the six orders, so each
 * page is first, second and third equally often.
 */
const RUNS = 24;
const WARMUP = 1;
/** The timed conversation: HISTORY messages, of which both pages show the latest page (50). */
const HISTORY = 60;
/** Conversation lengths loaded for DOM, heap, scrolling and arrivals. */
const LEVELS = [50, 1_000, 5_000] as const;
/** Messages timed arriving at each level (after one warm-up). */
const ARRIVALS = 10;
/** "Within a few seconds": the scripts a page has fetched by this long after navigation start. */
const FIRST_SECONDS_MS = 5_000;
const STACK_ID = 'widget-bench';
const ORDERS = [
  ['element', 'eager', 'bare'],
  ['bare', 'eager', 'element'],
  ['eager', 'bare', 'element'],
  ['element', 'bare', 'eager'],
  ['bare', 'element', 'eager'],
  ['eager', 'element', 'bare'],
] as const;

const DIST = join(REPO_ROOT, 'dist');
const VITE_BIN = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const VIEWER = { userId: 'ann', role: 'customer', name: 'Ann' } as const;
const SENDER = { userId: 'dana', role: 'agent', name: 'Dana' } as const;

/**
 * `npm run bench -- widget`: what `<embedded-chat>` costs a page, against a bare page doing the least that
 * shows the same conversation with the same SDKs, measured in the same run (docs/benchmarks.md says what each
 * figure measures): the JavaScript downloaded before the first conversation and in the first seconds, time
 * to the newest of 50 messages (median of RUNS fresh loads each) with the milestones on the way, and at 50,
 * 1,000 and 5,000 messages loaded: DOM nodes, JS heap, long tasks while scrolling through, and the cost of a
 * message arriving. Browser, ably-local and the backend share this machine's cores: compare ratios.
 */
export async function runWidgetBench(): Promise<void> {
  const started = new Date().toISOString();
  const loadAtStart = loadavg();
  const t0 = performance.now();
  const build = await ensureWidgetBuilt({
    repoRoot: REPO_ROOT,
    // vite only: `npm run build` would stop here when a budget is exceeded, and the bench reports budgets.
    command: [process.execPath, VITE_BIN, 'build', '--logLevel', 'warn'],
    log: progress,
  });
  const buildSizes = reportBuild(DIST);
  progress('building the baseline page (vite, temp dir)');
  const bareDir = await buildBareChat();
  const folders = { '/dist/': DIST, '/bare/': bareDir };
  const pages = await PageServer.start(DIST, bareDir);
  // Seeding thousands of messages as one sender is far over ably-local's per-identity REST write rate.
  const stack = await ChatStackServer.start(STACK_ID, {
    allowedOrigins: [pages.origin],
    restWriteRate: 100_000,
  });
  let browser: Browser | undefined;
  try {
    progress(`seeding ${HISTORY} + ${LEVELS.join(' + ')} messages`);
    const conversation = await seedTask(stack, 'order:bench-first', HISTORY);
    const levelTasks = [];
    for (const count of LEVELS) levelTasks.push(await seedTask(stack, `order:bench-${count}`, count));
    browser = await launchChromium();

    progress(`time to the newest of 50 messages: ${WARMUP} + ${RUNS} loads each, three pages in turn`);
    const urls = {
      element: pages.page('element', elementPage(conversation)),
      eager: pages.page('eager', elementPage(conversation, 'embedded-chat.eager.js')),
      bare: pages.page('bare', barePage(conversation)),
    };
    const runs: Record<keyof typeof urls, TimedRun[]> = { element: [], eager: [], bare: [] };
    for (let i = 0; i < WARMUP + RUNS; i++) {
      for (const which of ORDERS[i % ORDERS.length]!) {
        const run = await timedRun(browser, urls[which], which !== 'bare');
        if (i >= WARMUP) runs[which].push(run);
      }
    }
    const { element, eager, bare } = runs;

    progress(`download: the scripts fetched before rendering and in the first ${FIRST_SECONDS_MS / 1000} s`);
    const download = {
      element: downloadsOf(await downloadRun(browser, urls.element, FIRST_SECONDS_MS), element, folders),
      eager: downloadsOf(await downloadRun(browser, urls.eager, FIRST_SECONDS_MS), eager, folders),
      baseline: downloadsOf(await downloadRun(browser, urls.bare, FIRST_SECONDS_MS), bare, folders),
    };

    const emptyPageHeap = await emptyHeap(browser, pages.page('empty', emptyPage()));
    const open: OpenLevel[] = [];
    const levels: LevelResult[] = [];
    try {
      const bareReadings: LevelReading[] = [];
      for (const [i, count] of LEVELS.entries()) {
        const task = levelTasks[i]!;
        progress(`${count} messages: element (page back, scroll through), then baseline`);
        open.push(
          await openElementLevel(browser, {
            url: pages.page(`element-${count}`, elementPage(task)),
            messages: count,
            send: (text) => stack.sendAs({ id: STACK_ID, task: task.task, userId: SENDER.userId, text }),
          }),
        );
        bareReadings.push(
          await bareLevel(browser, pages.page(`bare-${count}`, barePage({ ...task, count })), count),
        );
      }
      progress(
        `${ARRIVALS} messages arriving at each of ${LEVELS.join(', ')} (after one warm-up), interleaved`,
      );
      const arrivals = await measureArrivals(open, ARRIVALS);
      for (const [i, level] of open.entries()) {
        levels.push(
          levelOf(
            level.messages,
            { ...level.reading, arrival: arrivals[i]! },
            bareReadings[i]!,
            emptyPageHeap.jsHeapUsedBytes,
          ),
        );
      }
    } finally {
      await Promise.all(open.map((level) => level.page.close()));
    }

    const elementTimes = summarize(element);
    const eagerTimes = summarize(eager);
    const bareTimes = summarize(bare);
    const timeRatio = ratio(elementTimes.fromNavigation.medianMs, bareTimes.fromNavigation.medianMs);
    const eagerTimeRatio = ratio(eagerTimes.fromNavigation.medianMs, bareTimes.fromNavigation.medianMs);
    const arrivalRatio = arrivalRatioOf(levels[0]!.element, levels.at(-1)!.element);
    const targets = targetsOf({
      firstConversationGzip: download.element.firstConversation.gzip,
      timeRatio,
      eagerFirstConversationGzip: download.eager.firstConversation.gzip,
      eagerTimeRatio,
      levels,
      arrivalRatio,
    });
    const result = {
      benchmark: 'widget',
      started,
      machine: await machineInfo(),
      /** 1-, 5- and 15-minute load averages when the run began and ended: other work on the same cores. */
      loadAverage: { start: loadAtStart.map((l) => round(l, 2)), end: loadavg().map((l) => round(l, 2)) },
      browser: `Chromium ${browser.version()} (headless)`,
      revision: codeRevision(['widget', 'test/bench', 'vite.config.ts']),
      setup: setupOf(build),
      targets,
      download: {
        ...download,
        ratio: {
          firstConversationGzip: ratio(
            download.element.firstConversation.gzip,
            download.baseline.firstConversation.gzip,
          ),
          firstSecondsGzip: ratio(download.element.firstSeconds.gzip, download.baseline.firstSeconds.gzip),
          eagerFirstConversationGzip: ratio(
            download.eager.firstConversation.gzip,
            download.baseline.firstConversation.gzip,
          ),
          eagerFirstSecondsGzip: ratio(download.eager.firstSeconds.gzip, download.baseline.firstSeconds.gzip),
        },
      },
      buildSizes: {
        loader: buildSizes.loader,
        firstConversation: buildSizes.firstConversation,
        eager: buildSizes.eager,
        afterPaint: buildSizes.afterPaint,
        total: buildSizes.total,
        budgets: BUDGETS,
        budgetProblems: buildSizes.problems,
      },
      timeToFirstConversation: {
        element: elementTimes,
        eager: eagerTimes,
        baseline: bareTimes,
        ratio: {
          fromNavigation: timeRatio,
          eagerFromNavigation: eagerTimeRatio,
          /**
           * Each round's element load over its baseline load (the two ran back to back, so whatever else the
           * machine did then weighs on both): a check on the ratio of medians when the machine is busy.
           */
          perRound: ratios(element.map((e, i) => e.milestones.rendered / bare[i]!.milestones.rendered)),
          eagerPerRound: ratios(eager.map((e, i) => e.milestones.rendered / bare[i]!.milestones.rendered)),
          fromAppend: ratio(elementTimes.fromAppend.medianMs, bareTimes.fromAppend.medianMs),
        },
        samples: {
          element: element.map((r) => r.milestones),
          eager: eager.map((r) => r.milestones),
          baseline: bare.map((r) => r.milestones),
        },
      },
      longConversations: { emptyPage: emptyPageHeap, levels, arrivalRatio },
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

function setupOf(build: string) {
  return {
    build: `${build}: dist/ by vite build (vite.config.ts); baseline by vite's JS API into a temp dir`,
    element:
      '<embedded-chat> with the default loading (lazy), 420×600 px in the viewport, appended before its script is ' +
      'imported (as a tag in a page’s HTML is there before its module script runs; so from append counts the download): ' +
      'the loader imports the chat chunk when it sees it',
    eager:
      'the same element through embedded-chat.eager.js (the loader and the chat chunk in one module; later chunks lazy)',
    baseline:
      'bare-chat-page/bare-chat.ts: no Lit, no element; POST /api/token, BaseRealtime (ably/modular: ' +
      'WebSocketTransport, FetchRequest, RealtimePresence, Rest; `ably` aliased to a shim), @ably/chat room ' +
      'attach, historyBeforeSubscribe({limit: 50}) (more pages to show more), rows written as text, scrolled to the newest',
    download:
      'scripts in resource timing (responseEnd before the newest message was rendered; by ' +
      `${FIRST_SECONDS_MS} ms after navigation start), each sized as gzip -9 of the file it was served from`,
    timing:
      `${WARMUP} + ${RUNS} loads per page, the three pages in turn (each round the next of the six orders), ` +
      'fresh browser context each (cold cache); ' +
      'navigation start → the first DOM mutation after which the newest message’s text is in the DOM ' +
      '(element: the bubble of one of the newest [role=log] [data-index] rows in the view’s shadow root; baseline: ' +
      'one of its newest <li> rows); code evaluated: the element’s view defined, the baseline’s module running; ' +
      'milestones from resource timing (scripts, token, history), a WebSocket tap (opened, CONNECTED, ATTACHED) and, ' +
      'for the element, its participants button (header button[aria-haspopup=dialog], drawn by the after-paint chunk)',
    longConversations:
      `a conversation of exactly ${LEVELS.join(', ')} messages each, fresh page each: the element pages back by ` +
      'scrolling its list to the top until the start of the conversation; the baseline writes them all; both are ' +
      'scrolled from the top to the bottom a screen every two frames (long tasks: PerformanceObserver longtask); ' +
      'then DOM nodes (CDP Performance.getMetrics Nodes) and JS heap (Runtime.getHeapUsage) after two forced GCs; ' +
      `then, with the three element pages open at their newest, ${ARRIVALS} messages arrive at each from another ` +
      'participant, one level after the other (ABC, CBA…, after a warm-up round); main-thread CPU time from CDP ' +
      'Performance.getMetrics ThreadTime',
    network:
      'loopback; page server, backend and ably-local in this process; browsers reach ably-local through the stack’s TCP proxy',
    history:
      'messages from another participant, seeded once; the viewer has read them all (its read marker is the newest)',
  };
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
  // seedHistory's texts are "Message 1" … "Message <count>".
  return { tokenUrl: stack.info.tokenUrl, task, participantToken, newest: `Message ${count}` };
}
