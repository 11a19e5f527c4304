import { BackendError, ErrorCode } from '../errors.js';

/** Factories for the agent-run codes (1040–1047 of errors.ts), in the backend's one message style. */
export const agentRunErrors = {
  unknownAgentRun: (operation: string, taskId: string) =>
    new BackendError(
      ErrorCode.UnknownAgentRun,
      404,
      `unable to ${operation}; no such agent run in task ${JSON.stringify(taskId)}`,
      'start one with POST /api/tasks/:task/agent-runs and use the run it answers',
    ),
  agentRunEnded: (operation: string, status: string) =>
    new BackendError(
      ErrorCode.AgentRunEnded,
      409,
      `unable to ${operation}; the run has ended (${status})`,
      'start a new run',
    ),
  agentRunOutputTaken: (operation: string) =>
    new BackendError(
      ErrorCode.AgentRunOutputTaken,
      409,
      `unable to ${operation}; another request already streams this run's output`,
      'send a run’s whole output in one request',
    ),
  agentRunTooLarge: (maxBytes: number) =>
    new BackendError(
      ErrorCode.AgentRunTooLarge,
      413,
      `unable to stream agent output; the reply passed ${maxBytes} bytes, so the run failed (the text up to the limit is kept)`,
      'keep replies shorter, or raise AGENT_RUN_MAX_BYTES',
    ),
  agentRunIdle: (idleSeconds: number) =>
    new BackendError(
      ErrorCode.AgentRunIdle,
      408,
      `unable to stream agent output; nothing arrived for ${idleSeconds} s, so the run failed (what was streamed is kept)`,
      'send output (or end the body) within AGENT_RUN_IDLE_TIMEOUT_SECONDS',
    ),
  notTheRunUser: () =>
    new BackendError(
      ErrorCode.NotTheRunUser,
      403,
      'unable to stop agent run; only the participant the run answers may stop it',
    ),
  notAnAgent: (taskId: string, role: string | undefined) =>
    new BackendError(
      ErrorCode.NotAnAgent,
      403,
      `unable to start agent run; the agent of task ${JSON.stringify(taskId)} is ${
        role === undefined ? 'not a participant' : `a ${role}, not a bot`
      }`,
      'add the agent with PUT /api/tasks/:task/participants/:userId and role bot',
    ),
  malformedAgentOutput: (reason: string) =>
    new BackendError(
      ErrorCode.MalformedAgentOutput,
      400,
      `unable to stream agent output; ${reason}, so the run failed (what was streamed before it is kept)`,
      'send lines of {"text": "…"} with Content-Type: application/x-ndjson, or plain text with text/plain',
    ),
};
