import type { Logger } from 'pino';
import type { AgentRunStatus } from '../../contract/api-contract.js';
import { createRestClient } from '../ably-admin/rest-client.js';
import { describeAblyError } from '../ably-admin/describe-ably-error.js';
import { agentChannelFor } from '../ably-auth/channel-names.js';
import type { AgentRunRecord } from '../store/agent-run-store.js';
import type { Store } from '../store/store.js';
import { agentRunToken, runMessage, type AgentIdentity } from './agent-connection.js';
import { runHeaders } from './run-fields.js';

/** Lost runs closed per look (a start or a token), so one request never does much of it. */
const LOST_PER_SWEEP = 20;

/**
 * Closes run messages no output stream will close: a run stopped before its output started, and runs whose
 * lease ran out (their agent never streamed, or the instance streaming them went away). Looked for when a run
 * starts and when a token lists a task's runs: no timer runs while nothing happens.
 */
export class RunCloser {
  /** Lost runs this instance is closing now, so overlapping looks do not close one twice. */
  private readonly _closing = new Set<string>();

  constructor(private readonly _deps: AgentIdentity & { store: Store; logger: Logger }) {}

  /** Closes a run nobody looks after any more: `failed` unless it had ended, with the text Ably holds. */
  async closeLost(run: AgentRunRecord): Promise<void> {
    if (this._closing.has(run.runId)) return;
    this._closing.add(run.runId);
    try {
      const reason = run.outputStarted ? 'The agent’s stream was lost.' : 'The agent sent no reply in time.';
      const { run: after = run } = await this._deps.store.agentRuns.endAgentRun(
        run.runId,
        { status: 'failed', reason },
        this._deps.now(),
      );
      // Read with the backend's key (the agent's token only writes), written back as the agent.
      const current = await createRestClient(this._deps.ably)
        .channels.get(agentChannelFor(run.taskId))
        .getMessage(run.serial);
      const text = typeof current.data === 'string' ? current.data : '';
      await this.closeMessage(after, text, after.status, after.reason);
    } catch (err) {
      this._deps.logger.error(
        { task: run.taskId, run: run.runId, reason: describeAblyError(err) },
        'unable to close a lost agent run',
      );
    } finally {
      this._closing.delete(run.runId);
    }
  }

  async closeMessage(
    run: AgentRunRecord,
    text: string,
    status: AgentRunStatus,
    reason?: string,
  ): Promise<void> {
    const rest = createRestClient(this._deps.ably, agentRunToken(this._deps, run.taskId, run.agentId));
    const headers = runHeaders(run.runId, run, status, reason);
    await rest.channels.get(agentChannelFor(run.taskId)).updateMessage(runMessage(run.serial, text, headers));
    await this._deps.store.agentRuns.markAgentRunClosed(run.runId);
  }

  /** Lost runs of any task, closed in the background when a run starts: no timer runs while nothing happens. */
  sweepLost(): void {
    void this._deps.store.agentRuns
      .lostAgentRuns(this._deps.now(), LOST_PER_SWEEP)
      .then((runs) => Promise.all(runs.map((run) => this.closeLost(run))))
      .catch((err: unknown) =>
        this._deps.logger.error({ err }, 'unable to look for lost agent runs; the Store failed'),
      );
  }
}
