import type { TestRunnerPlugin } from '@web/test-runner';
import { ScriptedAgent, type ScriptedRun } from '../scripted-agent.js';
import {
  AGENT_DRIVER_COMMANDS,
  type AppendPayload,
  type EndRunPayload,
  type HttpRunPayload,
  type HttpRunResult,
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

  /** Output requests under way, by run id. */
  const httpRuns = new Map<string, Promise<HttpRunResult>>();

  async function httpStart(p: HttpRunPayload): Promise<StartedRun> {
    const base = `${p.backendUrl}/api/tasks/${encodeURIComponent(p.task)}/agent-runs`;
    const auth = { authorization: `Bearer ${p.serverSecret}` };
    const created = await fetch(base, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        agentId: p.agentId,
        userId: p.userId,
        ...(p.inReplyTo === undefined ? {} : { inReplyTo: p.inReplyTo }),
      }),
    });
    const answer = (await created.json()) as { run: string; serial: string };
    if (created.status !== 201) throw new Error(`unable to start the run; ${JSON.stringify(answer)}`);
    let sent = 0;
    let answered = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent > 0) await new Promise((resolve) => setTimeout(resolve, p.intervalMs));
        // The agent's HTTP client sees the answer (a stop) and stops generating.
        if (answered || sent >= p.chunks.length) return controller.close();
        controller.enqueue(new TextEncoder().encode(p.chunks[sent++]));
      },
    });
    const result = fetch(`${base}/${encodeURIComponent(answer.run)}/output`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain; charset=utf-8' },
      body,
      duplex: 'half',
    } as RequestInit).then(async (response) => {
      answered = true;
      return { httpStatus: response.status, answer: await response.json(), chunksSent: sent };
    });
    httpRuns.set(answer.run, result);
    return { runId: answer.run, serial: answer.serial };
  }

  function httpResult(runId: string): Promise<HttpRunResult> {
    const result = httpRuns.get(runId);
    if (!result) throw new Error(`unable to read the run's output answer; unknown run ${runId}`);
    return result;
  }

  function closeAll(): true {
    runs.clear();
    httpRuns.clear();
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
    [AGENT_DRIVER_COMMANDS.httpStart]: (p: HttpRunPayload) => httpStart(p),
    [AGENT_DRIVER_COMMANDS.httpResult]: (p: { runId: string }) => httpResult(p.runId),
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
