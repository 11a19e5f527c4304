import { performance } from 'node:perf_hooks';
import { mapLimit, sleep } from './bench-support.js';
import { RawAblyClient } from './raw-ably-client.js';

/**
 * Child-process entry of the load benchmark's generator (`npm run bench -- load`): holds element-like raw
 * clients — connect with a JWT, attach the room, enter presence, send a message every `sendIntervalMs` —
 * and answers the orchestrator's commands over IPC (see {@link LoadCommand}). Every member of a room lives
 * in the same worker, so send → receive is measured on one clock.
 */

/** One client to open: its room channel and its Ably JWT. */
export interface ClientSpec {
  channel: string;
  token: string;
}

export type LoadCommand =
  | { cmd: 'setup'; wsUrl: string; sendIntervalMs: number; membersPerRoom: number }
  | { cmd: 'grow'; clients: ClientSpec[]; concurrency: number }
  | { cmd: 'window'; durationMs: number; drainMs: number }
  | { cmd: 'storm' }
  | { cmd: 'close' };

export interface GrowReply {
  opened: number;
  failures: string[];
}

export interface WindowReply {
  sent: number;
  expectedDeliveries: number;
  latenciesMs: number[];
  nacks: number;
  errors: string[];
}

export interface StormReply {
  clients: number;
  /** From the drop to the last CONNECTED / the last ATTACHED, ms. */
  allConnectedMs: number;
  allAttachedMs: number;
  resumed: number;
  failures: string[];
}

interface Member {
  spec: ClientSpec;
  client: RawAblyClient;
  nextSendAt: number;
}

/** Sent text carries the window, the send time and nothing else: `L<window>:<performance.now()>`. */
const PROBE = /"data":"L(\d+):([\d.]+)"/;
const SEND_TICK_MS = 10;
const MAX_SAMPLES = 2_000_000;

let wsUrl = '';
let sendIntervalMs = 5000;
let membersPerRoom = 5;
const members: Member[] = [];
/** Tag of the window being sent (0: none) and of the one whose receipts still count. */
let sendTag = 0;
let receiveTag = 0;
let windows = 0;
let sending = false;
let windowSent = 0;
const latencies = new Float64Array(MAX_SAMPLES);
let samples = 0;

function onFrame(frame: string): void {
  const probe = PROBE.exec(frame);
  if (!probe || receiveTag === 0 || Number(probe[1]) !== receiveTag) return;
  if (samples < MAX_SAMPLES) latencies[samples++] = performance.now() - Number(probe[2]);
}

async function open(spec: ClientSpec, resume?: string): Promise<RawAblyClient> {
  const client = await RawAblyClient.connect(wsUrl, {
    accessToken: spec.token,
    echo: false,
    onMessage: onFrame,
    ...(resume === undefined ? {} : { resume }),
  });
  await client.attach(spec.channel);
  return client;
}

/** One timer for every client: each sends when its (randomly phased) turn comes. */
function sendLoop(): void {
  const now = performance.now();
  if (sending) {
    for (const member of members) {
      if (member.nextSendAt > now) continue;
      member.nextSendAt += sendIntervalMs;
      if (member.nextSendAt < now) member.nextSendAt = now + sendIntervalMs;
      member.client.publish(member.spec.channel, `L${sendTag}:${performance.now()}`);
      if (sendTag !== 0) windowSent++;
    }
  }
  setTimeout(sendLoop, SEND_TICK_MS);
}

async function grow(clients: ClientSpec[], concurrency: number): Promise<GrowReply> {
  const failures = new Set<string>();
  let opened = 0;
  await mapLimit(clients, concurrency, async (spec) => {
    try {
      const client = await open(spec);
      client.enterPresence(spec.channel, 'available');
      members.push({ spec, client, nextSendAt: performance.now() + Math.random() * sendIntervalMs });
      opened++;
    } catch (err) {
      if (failures.size < 10) failures.add(err instanceof Error ? err.message : String(err));
    }
  });
  sending = true;
  return { opened, failures: [...failures] };
}

async function measureWindow(durationMs: number, drainMs: number): Promise<WindowReply> {
  const nacksBefore = members.reduce((n, m) => n + m.client.nacks, 0);
  for (const m of members) m.client.takeErrors();
  samples = 0;
  windowSent = 0;
  sendTag = receiveTag = ++windows;
  await sleep(durationMs);
  const sent = windowSent;
  sendTag = 0; // later sends are not counted; late receipts of this window still are, until the drain ends
  await sleep(drainMs);
  receiveTag = 0;
  const errors = [...new Set(members.flatMap((m) => m.client.takeErrors()))].slice(0, 10);
  return {
    sent,
    expectedDeliveries: sent * (membersPerRoom - 1),
    latenciesMs: Array.from(latencies.subarray(0, samples)),
    nacks: members.reduce((n, m) => n + m.client.nacks, 0) - nacksBefore,
    errors,
  };
}

/** Drops every socket at once (no CLOSE: as a network failure), then every client reconnects and re-attaches. */
async function storm(): Promise<StormReply> {
  sending = false;
  const keys = members.map((m) => m.client.connectionKey);
  const ids = members.map((m) => m.client.connectionId);
  for (const m of members) m.client.terminate();
  const start = performance.now();
  let lastConnected = 0;
  let lastAttached = 0;
  let resumed = 0;
  const failures = new Set<string>();
  await Promise.all(
    members.map(async (member, i) => {
      try {
        const resume = keys[i];
        const client = await RawAblyClient.connect(wsUrl, {
          accessToken: member.spec.token,
          echo: false,
          onMessage: onFrame,
          ...(resume === undefined ? {} : { resume }),
        });
        lastConnected = Math.max(lastConnected, performance.now() - start);
        if (resume !== undefined && client.connectionId === ids[i]) resumed++;
        await client.attach(member.spec.channel);
        lastAttached = Math.max(lastAttached, performance.now() - start);
        member.client = client;
      } catch (err) {
        if (failures.size < 10) failures.add(err instanceof Error ? err.message : String(err));
      }
    }),
  );
  sending = true;
  return {
    clients: members.length,
    allConnectedMs: lastConnected,
    allAttachedMs: lastAttached,
    resumed,
    failures: [...failures],
  };
}

async function handle(command: LoadCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'setup':
      ({ wsUrl, sendIntervalMs, membersPerRoom } = command);
      return {};
    case 'grow':
      return grow(command.clients, command.concurrency);
    case 'window':
      return measureWindow(command.durationMs, command.drainMs);
    case 'storm':
      return storm();
    case 'close':
      sending = false;
      for (const m of members) m.client.terminate();
      setTimeout(() => process.exit(0), 100);
      return {};
  }
}

process.on('message', (command: LoadCommand) => {
  handle(command).then(
    (reply) => process.send!({ ok: true, reply }),
    (err: unknown) => process.send!({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
setTimeout(sendLoop, SEND_TICK_MS);
process.send!({ ok: true, reply: 'ready' });
