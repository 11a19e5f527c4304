import type { TestRunnerPlugin } from '@web/test-runner';
import { ScriptedAgent, type ScriptedRun } from '../scripted-agent.js';
import {
  AGENT_DRIVER_COMMANDS,
  type AppendPayload,
  type EndRunPayload,
  type StartedRun,
  type StartRunPayload,
  type StreamPayload,
} from './agent-driver-commands.js';

/**
 * Server commands that act as an AI agent on a test's chat stack (names and payloads in
 * `agent-driver-commands.ts`): one {@link ScriptedAgent} per agent and stack. Everything is closed by
 * `agentCloseAll` and when the runner stops.
 */
export function agentDriverPlugin(): TestRunnerPlugin {
  const agents = new Map<string, ScriptedAgent>();
  const runs = new Map<string, ScriptedRun>();

  function agentFor(p: StartRunPayload): ScriptedAgent {
    const id = `${p.ablyLocalUrl}\u0000${p.agentId}`;
    let agent = agents.get(id);
    if (!agent) {
      agent = new ScriptedAgent({ url: p.ablyLocalUrl, key: p.ablyKey }, p.agentId);
      agents.set(id, agent);
    }
    return agent;
  }

  function run(runId: string): ScriptedRun {
    const found = runs.get(runId);
    if (!found) throw new Error(`unable to drive the run; unknown run ${runId}`);
    return found;
  }

  async function startRun(p: StartRunPayload): Promise<StartedRun> {
    const started = await agentFor(p).start(p.task, p.userId, {
      ...(p.inReplyTo === undefined ? {} : { inReplyTo: p.inReplyTo }),
      ...(p.signal === undefined ? {} : { signal: p.signal }),
    });
    runs.set(started.runId, started);
    return { runId: started.runId, serial: started.serial };
  }

  async function stream({ runId, chunks, intervalMs }: StreamPayload): Promise<true> {
    const driven = run(runId);
    const sent: Promise<unknown>[] = [];
    for (const [i, chunk] of chunks.entries()) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
      sent.push(driven.append(chunk));
    }
    await Promise.all(sent);
    return true;
  }

  function closeAll(): true {
    runs.clear();
    for (const agent of agents.values()) agent.close();
    agents.clear();
    return true;
  }

  const commands: Record<string, (payload: never) => unknown> = {
    [AGENT_DRIVER_COMMANDS.startRun]: (p: StartRunPayload) => startRun(p),
    [AGENT_DRIVER_COMMANDS.append]: async (p: AppendPayload) => {
      await run(p.runId).append(p.text);
      return true;
    },
    [AGENT_DRIVER_COMMANDS.stream]: (p: StreamPayload) => stream(p),
    [AGENT_DRIVER_COMMANDS.endRun]: async (p: EndRunPayload) => {
      await run(p.runId).end(p.status, p.reason);
      return true;
    },
    [AGENT_DRIVER_COMMANDS.runStatus]: (p: { runId: string }) => run(p.runId).headers.status,
    [AGENT_DRIVER_COMMANDS.closeAll]: () => closeAll(),
  };

  return {
    name: 'agent-driver',
    async executeCommand({ command, payload }) {
      const handler = commands[command];
      return handler ? handler(payload as never) : undefined;
    },
    serverStop() {
      closeAll();
    },
  };
}
