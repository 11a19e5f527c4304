import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChildServer, type ChildServer } from '../bench/child-server.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import {
  ChatPublisher,
  ChatSubscriber,
  PubSubPublisher,
  PubSubSubscriber,
  type SoakEndpoint,
  type SoakPublisher,
  type SoakSubscriber,
  type SoakTransport,
} from './soak-clients.js';
import { addTallies, tally, type Tally } from './soak-tally.js';

const ABLY_LOCAL_MAIN = fileURLToPath(new URL('../../server/ably-local/main.ts', import.meta.url));
const KEY = 'soak.key:soak-secret';
const ROOM = 'soak-room';
const CHANNEL = 'soak-pubsub';

export interface SoakPlan {
  /** How long publishers publish. */
  publishMs: number;
  /** Pause between one publisher's messages (each waits for the previous to be accepted). */
  intervalMs: number;
  chatPublishers: number;
  /** One pub/sub publisher per entry, on that transport. */
  pubsubPublishers: SoakTransport[];
  /** One Chat subscriber and one pub/sub subscriber per entry, on that transport. */
  subscribers: SoakTransport[];
  /** A random pause in this range between drops, each cutting 1…maxCut random connections at the proxy. */
  dropEveryMs: [number, number];
  maxCut: number;
  /** When ably-local is killed (SIGKILL) and started again on its SQLite file, from the start of publishing. */
  restartAtMs: number;
  /** Longest wait, after publishing stops, for subscribers to catch up. */
  drainMs: number;
  /** Called with one line per phase. */
  progress?: (line: string) => void;
}

export interface SoakResult {
  plan: Omit<SoakPlan, 'progress'>;
  durationMs: number;
  /** Messages publishers confirmed, over all publishers. */
  messages: number;
  deliveriesExpected: number;
  /** Over all subscribers. */
  totals: Tally;
  discontinuities: number;
  /** Drop events and connections cut by them. */
  drops: number;
  connectionsCut: number;
  restarts: number;
  /** How long ably-local was away during the restart. */
  restartDowntimeMs: number;
  publisherRetries: number;
  /** Lines ably-local wrote to stderr (it reports internal errors there); none is expected. */
  serverErrors: string[];
  perSubscriber: Record<string, Tally & { discontinuities: number }>;
  perPublisher: Record<string, { confirmed: number; retries: number }>;
}

/**
 * Soak (issue #11 §2): Chat and pub/sub publishers and subscribers, all real SDK clients on WebSocket (JSON,
 * msgpack) and comet, behind a TCP proxy that cuts random connections, against ably-local in its own process
 * on SQLite, killed once mid-run and started again on the same file. Afterwards every subscriber must hold
 * every confirmed message exactly once, in each publisher's order, without a discontinuity.
 */
export async function runSoak(plan: SoakPlan): Promise<SoakResult> {
  const say = plan.progress ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'ably-local-soak-'));
  const data = join(dir, 'soak.sqlite');
  const serverErrors: string[] = [];
  const start = () =>
    startChildServer(ABLY_LOCAL_MAIN, ['--port', '0', '--key', KEY, '--data', data], {
      onStderr: (chunk) => serverErrors.push(...chunk.split('\n').filter((line) => line.trim())),
    });
  let server: ChildServer = await start();
  const proxy = await TcpProxy.start(server.port);
  const endpoint: SoakEndpoint = { port: proxy.port, key: KEY };
  const publishers: SoakPublisher[] = [
    ...Array.from(
      { length: plan.chatPublishers },
      (_, i) => new ChatPublisher(`chat-pub-${i}`, endpoint, ROOM),
    ),
    ...plan.pubsubPublishers.map(
      (transport, i) => new PubSubPublisher(`pubsub-pub-${i}-${transport}`, endpoint, CHANNEL, transport),
    ),
  ];
  const chatSubscribers = plan.subscribers.map(
    (transport, i) => new ChatSubscriber(`chat-sub-${i}-${transport}`, endpoint, ROOM, transport),
  );
  const pubsubSubscribers = plan.subscribers.map(
    (transport, i) => new PubSubSubscriber(`pubsub-sub-${i}-${transport}`, endpoint, CHANNEL, transport),
  );
  const subscribers: SoakSubscriber[] = [...chatSubscribers, ...pubsubSubscribers];
  const started = Date.now();
  let drops = 0;
  let connectionsCut = 0;
  let restartDowntimeMs = 0;
  let restarts = 0;
  try {
    await Promise.all(subscribers.map((s) => s.ready()));
    say(`${subscribers.length} subscribers attached; publishing for ${plan.publishMs} ms`);
    const publishStart = Date.now();
    const stopped = () => Date.now() - publishStart >= plan.publishMs;
    const publishing = Promise.all(publishers.map((p) => p.run(plan.intervalMs, stopped)));

    const chaos = (async () => {
      let restarted = false;
      while (!stopped()) {
        const [min, max] = plan.dropEveryMs;
        await sleep(min + Math.random() * (max - min));
        if (!restarted && Date.now() - publishStart >= plan.restartAtMs) {
          restarted = true;
          const down = Date.now();
          say('killing ably-local (SIGKILL) and starting it again on its SQLite file');
          await server.stop('SIGKILL');
          proxy.block();
          server = await start();
          proxy.retarget(server.port);
          proxy.unblock();
          restartDowntimeMs = Date.now() - down;
          restarts++;
          continue;
        }
        connectionsCut += proxy.dropSome(1 + Math.floor(Math.random() * plan.maxCut));
        drops++;
      }
    })();
    await Promise.all([publishing, chaos]);

    const confirmed = new Map(publishers.map((p) => [p.name, p.confirmed]));
    const chatConfirmed = new Map(
      publishers.filter((p) => p instanceof ChatPublisher).map((p) => [p.name, p.confirmed]),
    );
    const pubsubConfirmed = new Map(
      publishers.filter((p) => p instanceof PubSubPublisher).map((p) => [p.name, p.confirmed]),
    );
    const expectedFor = (s: SoakSubscriber) =>
      chatSubscribers.includes(s as ChatSubscriber) ? chatConfirmed : pubsubConfirmed;
    const complete = (s: SoakSubscriber) => tally(expectedFor(s), s.received).lost === 0;
    say(`published ${[...confirmed.values()].reduce((a, b) => a + b, 0)} messages; draining`);
    const drainUntil = Date.now() + plan.drainMs;
    while (Date.now() < drainUntil && !subscribers.every(complete)) await sleep(100);

    const perSubscriber: SoakResult['perSubscriber'] = {};
    const tallies = subscribers.map((s) => {
      const t = tally(expectedFor(s), s.received);
      perSubscriber[s.name] = { ...t, discontinuities: s.discontinuities };
      return t;
    });
    const messages = [...confirmed.values()].reduce((a, b) => a + b, 0);
    const { progress: _progress, ...planFigures } = plan;
    return {
      plan: planFigures,
      durationMs: Date.now() - started,
      messages,
      deliveriesExpected:
        chatSubscribers.length * sum(chatConfirmed) + pubsubSubscribers.length * sum(pubsubConfirmed),
      totals: addTallies(tallies),
      discontinuities: subscribers.reduce((n, s) => n + s.discontinuities, 0),
      drops,
      connectionsCut,
      restarts,
      restartDowntimeMs,
      publisherRetries: publishers.reduce((n, p) => n + p.retries, 0),
      serverErrors,
      perSubscriber,
      perPublisher: Object.fromEntries(
        publishers.map((p) => [p.name, { confirmed: p.confirmed, retries: p.retries }]),
      ),
    };
  } finally {
    for (const client of [...publishers, ...subscribers]) client.close();
    proxy.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function sum(counts: Map<string, number>): number {
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
