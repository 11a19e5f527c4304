/**
 * Browser-side handle on an AI agent for a chat stack (`agent-driver-plugin.ts`): it streams a run on the
 * task's agent channel as the wire contract says an agent does.
 * @example
 * const agent = agentFor(stack, { task, agentId: 'helpbot', userId: 'ann' });
 * const run = await agent.start();
 * await run.append('Hello');
 * await run.end('complete');
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { ChatStackInfo } from './chat-stack-commands.js';
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

export interface DrivenRun extends StartedRun {
  /** Appends `text` and waits for its ack. */
  append(text: string): Promise<true>;
  /** Appends each chunk `intervalMs` apart without waiting for each ack; resolves once all are acked. */
  stream(chunks: string[], intervalMs: number): Promise<true>;
  /** Closes the run with its full text and this status. */
  end(status: EndRunPayload['status'], reason?: string): Promise<true>;
  /** The status the agent last wrote. */
  status(): Promise<string>;
}

export interface Agent {
  start(options?: { inReplyTo?: string; signal?: boolean }): Promise<DrivenRun>;
}

/** An agent (a `bot` participant of the task) that answers `userId`. */
export function agentFor(
  stack: Pick<ChatStackInfo, 'ablyLocalUrl' | 'ablyKey'>,
  who: { task: string; agentId: string; userId: string },
): Agent {
  return {
    async start(options = {}) {
      const started = await executeServerCommand<StartedRun, StartRunPayload>(
        AGENT_DRIVER_COMMANDS.startRun,
        {
          ablyLocalUrl: stack.ablyLocalUrl,
          ablyKey: stack.ablyKey,
          ...who,
          ...options,
        },
      );
      const { runId } = started;
      return {
        ...started,
        append: (text) =>
          executeServerCommand<true, AppendPayload>(AGENT_DRIVER_COMMANDS.append, { runId, text }),
        stream: (chunks, intervalMs) =>
          executeServerCommand<true, StreamPayload>(AGENT_DRIVER_COMMANDS.stream, {
            runId,
            chunks,
            intervalMs,
          }),
        end: (status, reason) =>
          executeServerCommand<true, EndRunPayload>(AGENT_DRIVER_COMMANDS.endRun, {
            runId,
            status,
            ...(reason === undefined ? {} : { reason }),
          }),
        status: () =>
          executeServerCommand<string, { runId: string }>(AGENT_DRIVER_COMMANDS.runStatus, { runId }),
      };
    },
  };
}

/** Closes every agent client (call after each test). */
export async function closeAgents(): Promise<void> {
  await executeServerCommand<true, Record<string, never>>(AGENT_DRIVER_COMMANDS.closeAll, {});
}

/** A run over the backend's HTTP API, its output streaming meanwhile ({@link HttpRunPayload}). */
export interface HttpRun extends StartedRun {
  /** The output request's answer, once the backend gave it. */
  result(): Promise<HttpRunResult>;
}

/** Starts a run as an agent does over HTTP (`SERVER_SECRET`), and streams `chunks` as its output. */
export async function httpRun(
  stack: Pick<ChatStackInfo, 'backendUrl' | 'serverSecret'>,
  run: Omit<HttpRunPayload, 'backendUrl' | 'serverSecret'>,
): Promise<HttpRun> {
  const started = await executeServerCommand<StartedRun, HttpRunPayload>(AGENT_DRIVER_COMMANDS.httpStart, {
    backendUrl: stack.backendUrl,
    serverSecret: stack.serverSecret,
    ...run,
  });
  return {
    ...started,
    result: () =>
      executeServerCommand<HttpRunResult, { runId: string }>(AGENT_DRIVER_COMMANDS.httpResult, {
        runId: started.runId,
      }),
  };
}
