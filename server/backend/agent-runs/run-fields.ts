import type { AgentRunAnswer, AgentRunHeaders, AgentRunStatus } from '../../contract/api-contract.js';
import { agentChannelFor } from '../ably-auth/channel-names.js';
import type { AgentRunRecord } from '../store/agent-run-store.js';

/** The headers of a run's message (the contract's `AgentRunHeaders`). Pure. */
export function runHeaders(
  runId: string,
  run: Pick<AgentRunRecord, 'agentId' | 'userId' | 'inReplyTo'>,
  status: AgentRunStatus,
  reason?: string,
  replySerial?: string,
): AgentRunHeaders {
  return {
    runId,
    agentId: run.agentId,
    userId: run.userId,
    status,
    ...(run.inReplyTo === undefined ? {} : { inReplyTo: run.inReplyTo }),
    ...(status === 'failed' && reason ? { reason } : {}),
    ...(replySerial === undefined ? {} : { replySerial }),
  };
}

export /** The answer of the run routes for a run in `status`. Pure. */
function answerOf(
  run: Pick<AgentRunRecord, 'runId' | 'taskId' | 'agentId' | 'userId' | 'serial'>,
  status: AgentRunStatus,
  replySerial?: string,
): AgentRunAnswer {
  return {
    run: run.runId,
    task: run.taskId,
    agentId: run.agentId,
    userId: run.userId,
    status,
    channel: agentChannelFor(run.taskId),
    serial: run.serial,
    ...(replySerial === undefined ? {} : { replySerial }),
  };
}
