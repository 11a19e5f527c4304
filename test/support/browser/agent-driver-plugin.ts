import { randomUUID } from 'node:crypto';
import type { TestRunnerPlugin } from '@web/test-runner';
import * as Ably from 'ably';
import { agentChannelFor, chatChannelFor } from '../../../server/backend/ably-auth/channel-names.js';
import type {
  AgentRunHeaders,
  AgentRunMessageName,
  AgentRunSignalName,
  LiveAgentRun,
} from '../../../server/contract/api-contract.js';
import {
  AGENT_DRIVER_COMMANDS,
  type AppendPayload,
  type EndRunPayload,
  type StartedRun,
  type StartRunPayload,
  type StreamPayload,
} from './agent-driver-commands.js';

const RUN: AgentRunMessageName = 'agent.run';
const SIGNAL: AgentRunSignalName = 'agent.run.started';

interface DrivenRun {
  channel: Ably.RealtimeChannel;
  serial: string;
  headers: AgentRunHeaders;
  text: string;
}

/**
 * Server commands that act as an AI agent on a test's chat stack (names and payloads in
 * `agent-driver-commands.ts`): one Node `ably` Realtime client per agent, authenticated with the stack's key and
 * the agent's clientId. Everything is closed by `agentCloseAll` and when the runner stops.
 */
export function agentDriverPlugin(): TestRunnerPlugin {
  const clients = new Map<string, Ably.Realtime>();
  const runs = new Map<string, DrivenRun>();

  function clientFor(p: StartRunPayload): Ably.Realtime {
    const id = `${p.ablyLocalUrl}\u0000${p.agentId}`;
    let client = clients.get(id);
    if (!client) {
      const url = new URL(p.ablyLocalUrl);
      client = new Ably.Realtime({
        key: p.ablyKey,
        clientId: p.agentId,
        endpoint: url.hostname,
        port: Number(url.port),
        tls: false,
        logLevel: 0,
      });
      clients.set(id, client);
    }
    return client;
  }

  function run(runId: string): DrivenRun {
    const found = runs.get(runId);
    if (!found) throw new Error(`unable to drive the run; unknown run ${runId}`);
    return found;
  }

  async function startRun(p: StartRunPayload): Promise<StartedRun> {
    const client = clientFor(p);
    const runId = randomUUID();
    const live: LiveAgentRun = { run: runId, agentId: p.agentId, userId: p.userId };
    if (p.signal !== false) {
      await client.channels
        .get(chatChannelFor(p.task))
        .publish({ name: SIGNAL, data: live, extras: { ephemeral: true } });
    }
    const headers: AgentRunHeaders = {
      runId,
      agentId: p.agentId,
      userId: p.userId,
      status: 'streaming',
      ...(p.inReplyTo === undefined ? {} : { inReplyTo: p.inReplyTo }),
    };
    const channel = client.channels.get(agentChannelFor(p.task));
    const result = await channel.publish({ name: RUN, data: '', extras: { headers } });
    const serial = result.serials[0];
    if (!serial) throw new Error('unable to start the run; the create has no serial');
    runs.set(runId, { channel, serial, headers, text: '' });
    return { runId, serial };
  }

  async function append({ runId, text }: AppendPayload): Promise<true> {
    const driven = run(runId);
    driven.text += text;
    await driven.channel.appendMessage({ serial: driven.serial, data: text });
    return true;
  }

  async function stream({ runId, chunks, intervalMs }: StreamPayload): Promise<true> {
    const driven = run(runId);
    const sent: Promise<unknown>[] = [];
    for (const [i, chunk] of chunks.entries()) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
      driven.text += chunk;
      sent.push(driven.channel.appendMessage({ serial: driven.serial, data: chunk }));
    }
    await Promise.all(sent);
    return true;
  }

  async function endRun({ runId, status, reason }: EndRunPayload): Promise<true> {
    const driven = run(runId);
    driven.headers = {
      ...driven.headers,
      status,
      ...(reason === undefined ? {} : { reason }),
    };
    await driven.channel.updateMessage({
      serial: driven.serial,
      name: RUN,
      data: driven.text,
      extras: { headers: driven.headers },
    });
    return true;
  }

  async function closeAll(): Promise<true> {
    runs.clear();
    const closing = [...clients.values()];
    clients.clear();
    for (const client of closing) client.close();
    return true;
  }

  const commands: Record<string, (payload: never) => unknown> = {
    [AGENT_DRIVER_COMMANDS.startRun]: (p: StartRunPayload) => startRun(p),
    [AGENT_DRIVER_COMMANDS.append]: (p: AppendPayload) => append(p),
    [AGENT_DRIVER_COMMANDS.stream]: (p: StreamPayload) => stream(p),
    [AGENT_DRIVER_COMMANDS.endRun]: (p: EndRunPayload) => endRun(p),
    [AGENT_DRIVER_COMMANDS.runStatus]: (p: { runId: string }) => run(p.runId).headers.status,
    [AGENT_DRIVER_COMMANDS.closeAll]: () => closeAll(),
  };

  return {
    name: 'agent-driver',
    async executeCommand({ command, payload }) {
      const handler = commands[command];
      return handler ? handler(payload as never) : undefined;
    },
    async serverStop() {
      await closeAll();
    },
  };
}
