import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { ensureWidgetBuilt } from '../../server/widget-build/ensure-widget-built.js';
import { ChatStackServer } from '../support/browser/chat-stack-server.js';
import { ScriptedAgent } from '../support/scripted-agent.js';
import {
  codeRevision,
  machineInfo,
  progress,
  REPO_ROOT,
  round,
  sleep,
  summarizeLatencies,
  writeResult,
  type LatencySummary,
} from './bench-support.js';
import { launchChromium } from './widget-bench-browser.js';
import { PageServer } from './widget-bench-pages.js';

/** Chunks per run, their pacing (an LLM writing ~40 tokens a second) and the runs timed after a warm-up. */
const CHUNKS = 400;
const INTERVAL_MS = 25;
const RUNS = 3;
/** Every chunk is this long (`c0001 `…), so the text's length says how many have been painted. */
const CHUNK_LENGTH = 6;
/** ably-local's default append roll-up window (the agent's connection). */
const ROLLUP_MS = 40;
const STACK_ID = 'agent-paint-bench';
const DIST = join(REPO_ROOT, 'dist');
const VITE_BIN = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const READER = { userId: 'ann', role: 'customer', name: 'Ann' } as const;
const AGENT = { userId: 'helpbot', role: 'bot', name: 'Help bot' } as const;

/** What one page measured in one run: when each chunk was first painted, epoch ms, for both subscribers. */
interface PageRun {
  element: (number | null)[];
  raw: (number | null)[];
  elementText: string;
  rawText: string;
  longTasks: number[];
}

/**
 * Part of `npm run bench -- agent`: the time from an agent writing a chunk to it painted in `<embedded-chat>`
 * (p50/p99), against a raw ably-js subscriber on the same page that writes each message into one text node —
 * both measured the same way, in the same run. The agent (Node `ably`, the app key) appends CHUNKS fixed-length
 * chunks INTERVAL_MS apart without waiting for acks, through ably-local's 40 ms append roll-up; a page records,
 * for each chunk, the frame after the text holding it landed (requestAnimationFrame, then a task: after paint).
 * Clocks are both the machine's (`performance.timeOrigin + now()`); browser, ably-local, the backend and the
 * agent share its cores. Also: long tasks (> 50 ms) on the page while streaming, and whether either text lost
 * or reordered a chunk.
 */
export async function runAgentPaintBench(): Promise<AgentPaintResult> {
  const started = new Date().toISOString();
  await ensureWidgetBuilt({
    repoRoot: REPO_ROOT,
    command: [process.execPath, VITE_BIN, 'build', '--logLevel', 'warn'],
    log: progress,
  });
  const pages = await PageServer.start(DIST, join(REPO_ROOT, 'node_modules', 'ably', 'build'));
  const stack = await ChatStackServer.start(STACK_ID, { allowedOrigins: [pages.origin] });
  const agent = new ScriptedAgent({ url: stack.info.ablyLocalUrl, key: stack.info.ablyKey }, AGENT.userId);
  let browser: Browser | undefined;
  try {
    const task = 'ticket:agent-paint-bench';
    await stack.createTask({
      id: STACK_ID,
      task,
      type: 'support',
      title: 'Bench',
      participants: [READER, AGENT],
    });
    await stack.sendAs({ id: STACK_ID, task, userId: READER.userId, text: 'Research my order history' });
    const participantToken = stack.participantToken({ id: STACK_ID, task, ...READER });
    browser = await launchChromium();
    const open = async (withElement: boolean) => {
      const page = await browser!.newPage();
      const target = { tokenUrl: stack.info.tokenUrl, task, participantToken, key: stack.info.ablyKey };
      const html = pageHtml({ ...target, ably: stack.info.ablyPublicUrl, withElement });
      await page.goto(pages.page(withElement ? 'agent-paint' : 'agent-paint-raw', html));
      await page.waitForFunction('window.__ready()', undefined, { timeout: 20_000 });
      return page;
    };
    const rounds = async (page: Page, what: string) => {
      const runs: { sent: number[]; painted: PageRun }[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        progress(
          `${what}, ${i === 0 ? 'warm-up' : `run ${i}/${RUNS}`}: ${CHUNKS} chunks ${INTERVAL_MS} ms apart`,
        );
        runs.push(await timedRun(page, agent, task, stack));
      }
      await page.close();
      return runs.slice(1);
    };
    const timed = await rounds(await open(true), 'element and raw');
    const control = await rounds(await open(false), 'raw alone (long-task control)');
    const latencies = (which: 'element' | 'raw') => {
      const samples = new Float64Array(CHUNKS * RUNS);
      let count = 0;
      let missing = 0;
      for (const { sent, painted } of timed) {
        for (let c = 0; c < CHUNKS; c++) {
          const at = painted[which][c];
          if (at == null) missing++;
          else samples[count++] = at - sent[c]!;
        }
      }
      return { summary: summarizeLatencies(samples, count), missing };
    };
    const element = latencies('element');
    const raw = latencies('raw');
    const expected = timed.map((r) => r.sent.map((_, c) => chunk(c)).join(''));
    const intact = (which: 'elementText' | 'rawText') =>
      timed.every((r, i) => r.painted[which].trimEnd() === expected[i]!.trimEnd());
    const longTasks = timed.flatMap((r) => r.painted.longTasks);
    const controlTasks = control.flatMap((r) => r.painted.longTasks);
    const result: AgentPaintResult = {
      benchmark: 'agent-paint',
      started,
      machine: await machineInfo(),
      revision: codeRevision(['widget', 'server', 'test/bench']),
      config: { chunks: CHUNKS, intervalMs: INTERVAL_MS, runs: RUNS, rollupMs: ROLLUP_MS },
      element: { ...element.summary, missing: element.missing, intact: intact('elementText') },
      raw: { ...raw.summary, missing: raw.missing, intact: intact('rawText') },
      p99RatioToRaw: round(element.summary.p99Ms / raw.summary.p99Ms),
      longTasks: {
        count: longTasks.length,
        maxMs: round(Math.max(0, ...longTasks)),
        rawAloneCount: controlTasks.length,
        rawAloneMaxMs: round(Math.max(0, ...controlTasks)),
      },
      goals: {
        p50WithinRollupPlus15: element.summary.p50Ms <= ROLLUP_MS + 15,
        p99WithinTwiceRaw: element.summary.p99Ms <= 2 * raw.summary.p99Ms,
        noLongTasks: longTasks.length === 0,
      },
    };
    return result;
  } finally {
    await browser?.close();
    agent.close();
    await stack.stop();
    await pages.close();
  }
}

export interface AgentPaintResult {
  benchmark: 'agent-paint';
  started: string;
  machine: Awaited<ReturnType<typeof machineInfo>>;
  revision: ReturnType<typeof codeRevision>;
  config: { chunks: number; intervalMs: number; runs: number; rollupMs: number };
  /** Chunk written → painted in the element, and in the raw subscriber; `missing` chunks never painted. */
  element: LatencySummary & { missing: number; intact: boolean };
  raw: LatencySummary & { missing: number; intact: boolean };
  p99RatioToRaw: number;
  /** Tasks over 50 ms on the page while streaming; and on a page with the raw subscriber alone (the control). */
  longTasks: { count: number; maxMs: number; rawAloneCount: number; rawAloneMaxMs: number };
  goals: { p50WithinRollupPlus15: boolean; p99WithinTwiceRaw: boolean; noLongTasks: boolean };
}

/** `npm run bench -- agent-paint`: the result as JSON, in `bench-results/agent-paint.json`. */
export async function writeAgentPaintBench(): Promise<void> {
  await writeResult('agent-paint', await runAgentPaintBench());
}

function chunk(index: number): string {
  return `c${String(index).padStart(CHUNK_LENGTH - 2, '0')} `;
}

/** One run: the page is reset, the agent starts (the room's hint attaches the element), streams and ends. */
async function timedRun(
  page: Page,
  agent: ScriptedAgent,
  task: string,
  stack: ChatStackServer,
): Promise<{ sent: number[]; painted: PageRun }> {
  await page.evaluate(`window.__reset(${CHUNKS})`);
  const run = await agent.start(task, READER.userId);
  await page.waitForFunction('window.__started()', undefined, { timeout: 20_000 });
  await sleep(200); // both subscribers attached and idle before the first chunk
  const sent: number[] = [];
  const acks: Promise<unknown>[] = [];
  const t0 = performance.now();
  for (let c = 0; c < CHUNKS; c++) {
    // Paced against the start, so a slow tick does not stretch the run.
    const wait = t0 + c * INTERVAL_MS - performance.now();
    if (wait > 0) await sleep(wait);
    sent.push(performance.timeOrigin + performance.now());
    acks.push(run.append(chunk(c)));
  }
  await Promise.all(acks);
  await page.waitForFunction('window.__complete()', undefined, { timeout: 20_000 });
  const painted = (await page.evaluate('window.__results()')) as PageRun;
  await run.end('complete');
  // The finished reply takes the bubble's place, as the agent posts it.
  await stack.sendAs({
    id: STACK_ID,
    task,
    userId: AGENT.userId,
    text: run.text.trim(),
    metadata: { agentRun: run.runId },
  });
  return { sent, painted };
}

/**
 * The bench page: the element for the reader, and a raw ably-js subscriber (the UMD build, `window.Ably`, key
 * auth) on the same agent channel writing each message into one text node. Both note, per chunk, the first
 * frame after a text holding it landed.
 */
function pageHtml(t: {
  tokenUrl: string;
  task: string;
  participantToken: string;
  ably: string;
  key: string;
  /** false: the raw subscriber alone, the control for long tasks. */
  withElement: boolean;
}): string {
  const ably = new URL(t.ably);
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>agent paint</title>
<body style="margin:16px"><script src="/bare/ably.min.js"></script><script type="module">
import '/dist/embedded-chat.js';
const CHUNK = ${CHUNK_LENGTH};
const WITH_ELEMENT = ${t.withElement};
const el = document.createElement('embedded-chat');
el.setAttribute('task', ${JSON.stringify(t.task)});
el.setAttribute('token-url', ${JSON.stringify(t.tokenUrl)});
el.setAttribute('participant-token', ${JSON.stringify(t.participantToken)});
el.setAttribute('loading', 'eager');
el.style.cssText = 'display:inline-block;width:420px;height:600px';
if (WITH_ELEMENT) document.body.append(el);
const rawText = document.createElement('p');
rawText.style.cssText = 'display:inline-block;width:360px;vertical-align:top';
rawText.append(document.createTextNode(''));
document.body.append(rawText);
const view = () => el.shadowRoot?.querySelector('embedded-chat-view')?.shadowRoot;
/** The bubble of the run streaming now (an earlier run's, ended, is not busy). */
const bubble = () => view()?.querySelector('.run[aria-busy=true] [part=bubble]') ?? undefined;
let state;
const longTasks = [];
new PerformanceObserver((list) => { if (state) for (const e of list.getEntries()) longTasks.push(e.duration); })
  .observe({ type: 'longtask' });
const now = () => performance.timeOrigin + performance.now();
/** Chunks in \`text\` now: each not noted yet gets the time after the next paint. */
function note(which, text) {
  if (!state) return;
  // Chunks are \`c0001 \`…: the last one's space may be trimmed off, whitespace around the text never counts.
  const seen = Math.floor((text.trim().length + 1) / CHUNK);
  const from = state.seen[which];
  if (seen <= from) return;
  state.seen[which] = seen;
  const times = state[which];
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const at = now();
      for (let c = from; c < seen && c < times.length; c++) times[c] ??= at;
    };
    channel.port2.postMessage(0);
  });
}
const raw = new Ably.Realtime({ key: ${JSON.stringify(t.key)}, clientId: 'raw-bench', endpoint: ${JSON.stringify(ably.hostname)}, port: ${Number(ably.port)}, tls: false });
raw.channels.get(${JSON.stringify(`agent:${t.task}`)}).subscribe('agent.run', (m) => {
  if (!state) return;
  // The run of this round only: an earlier run's closing update may still be on its way.
  if (state.serial === undefined && m.extras?.headers?.status === 'streaming') state.serial = m.serial;
  if (m.serial !== state.serial) return;
  const node = rawText.firstChild;
  if (m.action === 'message.append') node.data += m.data;
  else node.data = m.data;
  note('raw', node.data);
});
// The view's shadow root comes with the chat chunk: watch for it, then watch inside it.
const findView = new MutationObserver(() => {
  const root = view();
  if (!root) return;
  findView.disconnect();
  new MutationObserver(() => { const b = bubble(); if (b) note('element', b.textContent); })
    .observe(root, { subtree: true, childList: true, characterData: true });
});
if (WITH_ELEMENT) findView.observe(el.shadowRoot, { subtree: true, childList: true });
window.__ready = () =>
  (!WITH_ELEMENT || Boolean(view()?.querySelector('header button[aria-haspopup=dialog]'))) && raw.connection.state === 'connected';
window.__reset = (chunks) => {
  state = { element: new Array(chunks).fill(null), raw: new Array(chunks).fill(null), seen: { element: 0, raw: 0 }, serial: undefined, chunks };
  longTasks.length = 0;
};
window.__started = () => state.serial !== undefined && (!WITH_ELEMENT || bubble() !== undefined);
window.__settled = () => bubble() === undefined;
window.__complete = () => (!WITH_ELEMENT || state.element.every((t) => t !== null)) && state.raw.every((t) => t !== null);
window.__results = () => ({
  element: state.element, raw: state.raw,
  elementText: bubble()?.textContent.trim() ?? '', rawText: rawText.firstChild.data,
  longTasks: [...longTasks],
});
</script></body></html>`;
}
