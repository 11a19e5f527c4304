import { performance } from 'node:perf_hooks';
import { ChatClient, LogLevel, type Room } from '@ably/chat';
import * as Ably from 'ably';
import { createLocalAbly } from '../../server/ably-local/create-server.js';
import {
  codeRevision,
  machineInfo,
  progress,
  round,
  summarizeLatencies,
  writeResult,
  type LatencySummary,
} from './bench-support.js';

/** Sequential round trips per latency measurement, after WARMUP discarded ones. */
const SAMPLES = 1000;
const WARMUP = 100;
/** Sends in flight while measuring what one room sustains. */
const WINDOW = 32;
const THROUGHPUT_MESSAGES = 5000;
const BOUND_MS = 60_000;

/**
 * `npm run bench -- chat`: Chat send (REST) → live delivery latency between two ChatClients, against
 * ably-local's raw realtime publish → receive latency measured in the same run, and the messages/s one room
 * sustains. Client and server share the process (and the 2 cores), as they do in the tests.
 */
export async function runChatBench(): Promise<void> {
  const started = new Date().toISOString();
  const server = await createLocalAbly({ realtime: { maxInboundRate: 100_000 }, restWriteRate: 100_000 });
  const clients: Ably.Realtime[] = [];
  const connect = (clientId: string) => {
    const client = new Ably.Realtime({
      ...server.clientOptions,
      clientId,
      disableConnectivityCheck: true,
      logLevel: 0,
    });
    clients.push(client);
    return client;
  };
  try {
    progress('raw realtime publish → receive');
    const raw = await rawLatency(connect('raw-sender'), connect('raw-receiver'));
    progress('chat send → receive');
    const [sender, receiver] = await chatRooms(connect);
    const chat = await chatLatency(sender, receiver);
    progress(`chat throughput, ${WINDOW} sends in flight`);
    const throughput = await chatThroughput(sender, receiver);
    await writeResult('chat', {
      benchmark: 'chat',
      started,
      machine: await machineInfo(),
      revision: codeRevision(['server/ably-local', 'test/bench']),
      setup: {
        transport: 'ably-js 2.28.0 defaults on Node (msgpack over WebSocket; Chat sends over REST)',
        samples: SAMPLES,
        warmup: WARMUP,
        window: WINDOW,
      },
      rawRealtimeLatency: raw,
      chatSendToReceiveLatency: chat,
      ratio: { p50: round(chat.p50Ms / raw.p50Ms), p99: round(chat.p99Ms / raw.p99Ms) },
      throughput,
    });
  } finally {
    clients.forEach((c) => c.close());
    await server.close();
  }
}

async function rawLatency(
  senderClient: Ably.Realtime,
  receiverClient: Ably.Realtime,
): Promise<LatencySummary> {
  const name = `bench-raw-${Date.now()}`;
  const sender = senderClient.channels.get(name);
  const receiver = receiverClient.channels.get(name);
  await Promise.all([sender.attach(), receiver.attach()]);
  return measure(
    (listener) => receiver.subscribe(() => listener()),
    (i) => sender.publish('m', String(i)),
  );
}

async function chatRooms(connect: (clientId: string) => Ably.Realtime): Promise<[Room, Room]> {
  const name = `bench-room-${Date.now()}`;
  const rooms = await Promise.all(
    ['alice', 'bob'].map(async (id) => {
      const room = await new ChatClient(connect(id), { logLevel: LogLevel.Silent }).rooms.get(name);
      await room.attach();
      return room;
    }),
  );
  return rooms as [Room, Room];
}

function chatLatency(sender: Room, receiver: Room): Promise<LatencySummary> {
  return measure(
    (listener) => receiver.messages.subscribe(() => listener()),
    (i) => sender.messages.send({ text: `message ${i}` }),
  );
}

/** Sequential round trips: send, wait for delivery, repeat. */
async function measure(
  subscribe: (listener: () => void) => void,
  send: (i: number) => Promise<unknown>,
): Promise<LatencySummary> {
  let onDelivery: (() => void) | undefined;
  subscribe(() => onDelivery?.());
  const samples = new Float64Array(SAMPLES);
  const deadline = performance.now() + BOUND_MS;
  for (let i = 0; i < WARMUP + SAMPLES && performance.now() < deadline; i++) {
    const delivered = new Promise<void>((resolve) => (onDelivery = resolve));
    const t0 = performance.now();
    await Promise.all([send(i), delivered]);
    if (i >= WARMUP) samples[i - WARMUP] = performance.now() - t0;
  }
  return summarizeLatencies(samples, SAMPLES);
}

async function chatThroughput(sender: Room, receiver: Room) {
  let delivered = 0;
  let allDelivered: (() => void) | undefined;
  receiver.messages.subscribe(() => {
    if (++delivered === THROUGHPUT_MESSAGES) allDelivered?.();
  });
  const done = new Promise<void>((resolve) => (allDelivered = resolve));
  const t0 = performance.now();
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < THROUGHPUT_MESSAGES) {
      const i = next++;
      await sender.messages.send({ text: `burst ${i}` }).catch(() => failures++);
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, worker));
  const sentMs = performance.now() - t0;
  const bound = new Promise<void>((resolve) => setTimeout(resolve, BOUND_MS).unref());
  await Promise.race([done, bound]);
  const deliveredMs = performance.now() - t0;
  return {
    messages: THROUGHPUT_MESSAGES,
    failures,
    delivered,
    sendsPerSecond: round(THROUGHPUT_MESSAGES / (sentMs / 1000), 1),
    deliveredPerSecond: round(delivered / (deliveredMs / 1000), 1),
  };
}
