import type { Logger } from 'pino';
import { createSigningKey } from '../ably-auth/ably-jwt.js';
import type { AblySettings } from '../ably-auth/ably-settings.js';
import type { TaskPresence } from '../presence/task-presence.js';
import type { PushAlertService } from '../push/push-alerts.js';
import type { Store } from '../store/store.js';
import { AgentRunService, DEFAULT_AGENT_RUN_SETTINGS, type AgentRunSettings } from './agent-run-service.js';

export type { AgentRunSettings } from './agent-run-service.js';

/** The agent-complete push of a finished run: the task's title, then this. */
const AGENT_COMPLETE_BODY = 'Your agent has finished';

/**
 * The agent-run service of the chat router: runs post their replies through the bot message path and push
 * through the agent-complete path, so they exist only with push on (as the rest of the bot and agent API).
 */
export function createAgentRuns(
  options: { store: Store; ably: AblySettings; agentRuns?: Partial<AgentRunSettings> },
  push: { alerts: PushAlertService; presence: TaskPresence },
  logger: Logger,
  now: () => number,
): AgentRunService {
  const settings = { ...DEFAULT_AGENT_RUN_SETTINGS, ...options.agentRuns };
  const { idleTimeoutMs, maxBytes, stopPollMs } = settings;
  if (!Number.isInteger(idleTimeoutMs) || idleTimeoutMs < 100) {
    throw new RangeError('unable to create chat router; agentRuns.idleTimeoutMs must be 100 or more');
  }
  if (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > 60_000) {
    throw new RangeError('unable to create chat router; agentRuns.maxBytes must be 1–60000');
  }
  if (!Number.isInteger(stopPollMs) || stopPollMs < 10) {
    throw new RangeError('unable to create chat router; agentRuns.stopPollMs must be 10 or more');
  }
  return new AgentRunService({
    store: options.store,
    ably: options.ably,
    signingKey: createSigningKey(options.ably.apiKey),
    now,
    settings,
    postReply: (taskId, reply) => push.alerts.postBotMessage(taskId, reply),
    present: (taskId) => push.presence.present(taskId),
    alertComplete: (taskId, userId, title) =>
      push.alerts.agentComplete(taskId, { userId, title, body: AGENT_COMPLETE_BODY }),
    logger,
  });
}
