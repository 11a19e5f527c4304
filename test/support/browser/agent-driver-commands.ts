/**
 * The wtr server commands a browser test uses to act as an AI agent on a chat stack: a Node `ably` client with
 * the stack's key and the agent's clientId that creates a run's message on the task's agent channel, appends to
 * it and closes it, exactly as the wire contract says an agent does (`AgentRunHeaders`), and the backend's hint
 * on the room that a run started. Shared by the Node plugin (`agent-driver-plugin.ts`) and the browser helpers
 * (`agent-driver.ts`): types only, so it loads on both sides.
 */
import type { AgentRunStatus } from '../../../server/contract/api-contract.js';

export const AGENT_DRIVER_COMMANDS = {
  startRun: 'agentStartRun',
  append: 'agentAppend',
  stream: 'agentStream',
  endRun: 'agentEndRun',
  runStatus: 'agentRunStatus',
  closeAll: 'agentCloseAll',
  httpStart: 'agentHttpStart',
  httpResult: 'agentHttpResult',
} as const;

export interface StartRunPayload {
  /** The stack's ably-local (`ChatStackInfo.ablyLocalUrl`) and key. */
  ablyLocalUrl: string;
  ablyKey: string;
  task: string;
  agentId: string;
  userId: string;
  inReplyTo?: string;
  /** Publish the room's `agent.run.started` hint first, as the backend does (default true). */
  signal?: boolean;
}

export interface StartedRun {
  runId: string;
  /** The serial of the run's message on the agent channel. */
  serial: string;
}

export interface AppendPayload {
  runId: string;
  text: string;
}

export interface StreamPayload {
  runId: string;
  chunks: string[];
  /** Pause between chunks (an LLM's pacing); the appends are sent without waiting for each ack, as agents do. */
  intervalMs: number;
}

/**
 * A run over the backend's HTTP API, as an agent in any language runs one: `POST …/agent-runs`, then its
 * output as one streamed `text/plain` request body, a chunk every `intervalMs`, until the chunks run out or the
 * backend answers (a stop answers at once).
 */
export interface HttpRunPayload {
  backendUrl: string;
  serverSecret: string;
  task: string;
  agentId: string;
  userId: string;
  inReplyTo?: string;
  chunks: string[];
  intervalMs: number;
}

/** How the output request ended: the backend's answer, and how many chunks the agent had sent by then. */
export interface HttpRunResult {
  httpStatus: number;
  answer: unknown;
  chunksSent: number;
}

export interface EndRunPayload {
  runId: string;
  status: Exclude<AgentRunStatus, 'streaming'>;
  reason?: string;
}
