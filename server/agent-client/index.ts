/**
 * `embedded-chat/agent`: run an AI agent in a task's chat from Node — its reply streams into the chat as it is
 * generated, its user can stop it, and a long run brings the user back when it finishes (docs/backend.md §8).
 */
export { AgentRunError, startRun, type AgentRun, type StartRunOptions } from './agent-run.js';
export type { AgentRunAnswer, AgentRunStatus } from '../contract/api-contract.js';
