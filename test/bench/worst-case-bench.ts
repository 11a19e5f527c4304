import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import * as Ably from 'ably';
import type { StoredAnnotation } from '../../server/ably-local/core/message-store.js';
import { SummaryFold } from '../../server/ably-local/core/summary-fold.js';
import { createLocalAbly, type LocalAbly } from '../../server/ably-local/create-server.js';
import { findContactInformation } from '../../server/backend/moderation/contact-information.js';
import { DEFAULT_WORDS } from '../../server/backend/moderation/default-words.js';
import { findLinks } from '../../server/backend/moderation/links.js';
import { decide } from '../../server/backend/moderation/policy.js';
import { defaultPolicyTable, policyFor } from '../../server/backend/moderation/policy-table.js';
import { compileWordList } from '../../server/backend/moderation/word-list.js';
import { ChatStackServer } from '../support/browser/chat-stack-server.js';
import { codeRevision, machineInfo, median, progress, round, writeResult } from './bench-support.js';

/** Timed runs per figure (after one discarded warm-up); each figure is their median. */
const RUNS = 9;
/** Linear work stays within a small factor of its baseline; backtracking or a quadratic fold does not. */
const TARGET = {
  matcherRatio: 10,
  policyPerByteRatio: 10,
  foldPerAnnotationRatio: 3,
  publishRatio: 2,
  seedRatio: 3,
};
/** Ordinary text, for a baseline of the same length as a hostile input. */
const PROSE = 'The parcel left the depot this morning and should reach you by Friday, tracking 8841. ';

/**
 * `npm run bench -- worst-case`: what unit tests once held to wall-clock limits (which fail falsely on a
 * shared CPU), measured as ratios against a baseline in the same run, alternating so both see the same noise:
 * - the moderation matchers on long hostile input (shapes that make a backtracking regex explode) against
 *   ordinary text of the same length, and the order policy on a 64 KiB message against 64-byte ones, per byte;
 * - ably-local's summary fold: cost per annotation with 100 000 on one message against 1 000;
 * - REST publishing while a webhook receiver answers nothing, against no webhook rule (20 publishes);
 * - the browser test stack's `seedHistory` (120 chat messages) against 120 plain REST publishes.
 */
export async function runWorstCaseBench(): Promise<void> {
  const started = new Date().toISOString();
  progress('worst case: moderation matchers');
  const matchers = await matcherFigures();
  const policy = await policyFigures();
  progress('worst case: summary fold');
  const fold = await foldFigures();
  progress('worst case: publishing while a webhook receiver stalls');
  const webhooks = await webhookFigures();
  progress('worst case: seeding chat history');
  const seeding = await seedFigures();
  const meets = {
    matchers: matchers.every((m) => m.ratio <= TARGET.matcherRatio),
    policy: policy.ratio <= TARGET.policyPerByteRatio,
    fold: fold.ratio <= TARGET.foldPerAnnotationRatio,
    webhooks: webhooks.ratio <= TARGET.publishRatio,
    seeding: seeding.ratio <= TARGET.seedRatio,
  };
  await writeResult('worst-case', {
    benchmark: 'worst-case',
    started,
    machine: await machineInfo(),
    revision: codeRevision(['server', 'test/bench', 'test/support']),
    plan: { runs: RUNS, figure: 'median of the runs, ms' },
    target: TARGET,
    matchers,
    policy,
    fold,
    webhooks,
    seeding,
    meetsTarget: meets,
  });
}

/** Medians of `a` and `b` in ms, run alternately `RUNS` times after a warm-up of each. */
async function paired(a: () => unknown, b: () => unknown): Promise<{ a: number; b: number }> {
  await a();
  await b();
  const times = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    for (const [key, fn] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const t0 = performance.now();
      await fn();
      times[key].push(performance.now() - t0);
    }
  }
  return { a: median(times.a), b: median(times.b) };
}

const prose = (length: number) => PROSE.repeat(Math.ceil(length / PROSE.length)).slice(0, length);

/** Each matcher on each hostile input against prose of the same length. */
async function matcherFigures() {
  const words = compileWordList(DEFAULT_WORDS);
  const cases: { name: string; input: string; run: (text: string) => unknown }[] = [
    ...['a', 'a.', '1 ', '@', 'x@', 'ann at ', 'telegram '].map((unit) => ({
      name: `contact information: ${JSON.stringify(unit)} ×`,
      input: unit.repeat(Math.floor(60_000 / unit.length)),
      run: findContactInformation,
    })),
    ...[
      ['', 'a.'],
      ['', 'a.b '],
      ['http://', 'x'],
    ].map(([head, unit]) => ({
      name: `links: ${JSON.stringify(head)} + ${JSON.stringify(unit)} ×`,
      input: head! + unit!.repeat(Math.floor(60_000 / unit!.length)),
      run: findLinks,
    })),
    ...['a ', 'fuc'].map((unit) => ({
      name: `word list: ${JSON.stringify(unit)} ×`,
      input: unit.repeat(Math.floor(60_000 / unit.length)),
      run: (text: string) => words.find(text),
    })),
  ];
  const figures = [];
  for (const { name, input, run } of cases) {
    const baseline = prose(input.length);
    const { a, b } = await paired(
      () => run(input),
      () => run(baseline),
    );
    figures.push({ name, chars: input.length, hostileMs: round(a), proseMs: round(b), ratio: round(a / b) });
  }
  return figures;
}

/** The order policy on a 64 KiB message against as many bytes of 64-byte messages. */
async function policyFigures() {
  const policy = policyFor(defaultPolicyTable(compileWordList(DEFAULT_WORDS)), 'order')!;
  const long = 'word '.repeat(13_000);
  const short = prose(64);
  const shortCalls = Math.ceil(long.length / short.length);
  const { a, b } = await paired(
    () => decide(policy, { text: long, recent: [], now: 0 }),
    () => {
      for (let i = 0; i < shortCalls; i++) decide(policy, { text: short, recent: [], now: 0 });
    },
  );
  return { chars: long.length, longMs: round(a), shortMessagesMs: round(b), ratio: round(a / b) };
}

let serial = 0;
function annotation(i: number): StoredAnnotation {
  serial++;
  return {
    id: `a${serial}`,
    serial: `s${String(serial).padStart(9, '0')}`,
    action: 0,
    type: i % 2 ? 'r:flag.v1' : 'r:unique.v1',
    messageSerial: 'm',
    timestamp: serial,
    clientId: `c${i % 5000}`,
    name: `n${i % 7}`,
  };
}

/** 100 000 annotations on one message against 100 messages of 1 000: the cost of each should not grow. */
async function foldFigures() {
  const fold = (count: number) => {
    const f = new SummaryFold();
    for (let i = 0; i < count; i++) f.add(annotation(i));
    return f.summary();
  };
  const { a, b } = await paired(
    () => fold(100_000),
    () => {
      for (let m = 0; m < 100; m++) fold(1_000);
    },
  );
  return {
    oneMessageOf100000Ms: round(a),
    hundredMessagesOf1000Ms: round(b),
    ratio: round(a / b),
  };
}

/** 20 REST publishes to a server whose webhook receiver never answers, against one without a rule. */
async function webhookFigures() {
  const stalled: Server = createServer(() => undefined); // takes every request, answers none
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/hooks`;
  const servers: LocalAbly[] = [
    await createLocalAbly({
      webhooks: [{ url, requestMode: 'single' }],
      webhookTiming: { timeoutMs: 60_000 },
      restWriteRate: 100_000,
    }),
    await createLocalAbly({ restWriteRate: 100_000 }),
  ];
  try {
    const publish20 = (server: LocalAbly) => {
      const channel = new Ably.Rest({ ...server.clientOptions, logLevel: 0 }).channels.get('bench');
      return async () => {
        for (let i = 0; i < 20; i++) await channel.publish('n', String(i));
      };
    };
    const { a, b } = await paired(publish20(servers[0]!), publish20(servers[1]!));
    return { stalledReceiverMs: round(a), noRuleMs: round(b), ratio: round(a / b) };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    stalled.closeAllConnections();
    await new Promise((resolve) => stalled.close(resolve));
  }
}

/** `seedHistory` of 120 chat messages against 120 plain REST publishes to the same ably-local. */
async function seedFigures() {
  const stack = await ChatStackServer.start('bench', { restWriteRate: 100_000 });
  try {
    await stack.createTask({
      id: 'bench',
      task: 'ticket:bench',
      type: 'ticket',
      title: 'Bench',
      participants: [{ userId: 'dana', role: 'agent', name: 'Dana' }],
    });
    const plain = new Ably.Rest({
      key: stack.info.ablyKey,
      endpoint: '127.0.0.1',
      port: Number(new URL(stack.info.ablyLocalUrl).port),
      tls: false,
      logLevel: 0,
    }).channels.get('bench');
    const { a, b } = await paired(
      () => stack.seedHistory({ id: 'bench', task: 'ticket:bench', userId: 'dana', count: 120 }),
      async () => {
        for (let i = 1; i <= 120; i++) await plain.publish('n', `Message ${i}`);
      },
    );
    return { seedHistoryMs: round(a), plainPublishesMs: round(b), ratio: round(a / b) };
  } finally {
    await stack.stop();
  }
}
