import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type {
  AgentRunAnswer,
  AgentRunRequest,
  AgentRunSignalName,
  AgentRunStatus,
  LiveAgentRun,
} from '../../contract/api-contract.js';
import { createRestClient } from '../ably-admin/rest-client.js';
import { describeAblyError } from '../ably-admin/describe-ably-error.js';
import { agentChannelFor, chatChannelFor } from '../ably-auth/channel-names.js';
import { errors, type BackendError } from '../errors.js';
import { currentMembership, type Caller } from '../participants/membership.js';
import type { AgentRunRecord } from '../store/agent-run-store.js';
import type { Store } from '../store/store.js';
import { agentRunErrors } from './agent-run-errors.js';
import { AgentConnection, agentRunToken, runMessage, type AgentIdentity } from './agent-connection.js';
import { LocalRuns } from './local-runs.js';
import { fitting, readUntil } from './read-until.js';
import { answerOf, runHeaders } from './run-fields.js';
import { RunCloser } from './run-closer.js';
import { RunWriter } from './run-writer.js';

/** Limits of agent runs (docs/backend.md §8, docs/configuration.md). */
export interface AgentRunSettings {
  /** A run whose agent sends nothing for this long fails (also: the time a new run has to start its output). */
  idleTimeoutMs: number;
  /** Most UTF-8 bytes of one run's text. */
  maxBytes: number;
  /** How often an instance streaming runs looks for stops made on other instances. */
  stopPollMs: number;
  /** The agent connection's `appendRollupWindow` (ms); Ably's default (40) when absent. */
  appendRollupWindowMs?: number;
}

export const DEFAULT_AGENT_RUN_SETTINGS: AgentRunSettings = {
  idleTimeoutMs: 30_000,
  maxBytes: 32 * 1024,
  stopPollMs: 250,
};

/** What the run service needs besides the Store; the chat path and push come from the push alert service. */
export interface AgentRunDeps extends AgentIdentity {
  store: Store;
  settings: AgentRunSettings;
  /** Posts the final text as an ordinary chat message by the agent (the bot message path). */
  postReply(
    taskId: string,
    reply: { userId: string; text: string; metadata: Record<string, unknown> },
  ): Promise<{
    serial: string;
  }>;
  /** Who is in the task's room (clientIds). */
  present(taskId: string): Promise<Set<string>>;
  /** The agent-complete push to the user's notifications channel, titled with the task's title. */
  alertComplete(taskId: string, userId: string, title: string): Promise<unknown>;
  logger: Logger;
}

/** How an output stream ended: the answer, or the error that ended it (the run failed, its text kept). */
export type OutputOutcome = { answer: AgentRunAnswer; error?: undefined } | { error: BackendError };

const SIGNAL: AgentRunSignalName = 'agent.run.started';

/**
 * Agent runs (docs/backend.md §8), on Ably's AI Transport pattern: a run is one message on the task's agent
 * channel, created by the agent (its own token, `streaming`), appended to as the agent's HTTP body arrives,
 * and closed with an update carrying the full text and the final status. A `complete` run's text is then
 * posted as an ordinary chat message by the agent, and its user gets the agent-complete push when away.
 * Runs live in the Store, so any instance serves any request of a run; only the instance that streams a
 * run's output writes it.
 */
export class AgentRunService {
  private readonly _local: LocalRuns;
  private readonly _closer: RunCloser;

  constructor(private readonly _deps: AgentRunDeps) {
    this._closer = new RunCloser(_deps);
    this._local = new LocalRuns(
      _deps.store.agentRuns,
      { pollMs: _deps.settings.stopPollMs, leaseMs: _deps.settings.idleTimeoutMs },
      _deps.now,
      (err) => _deps.logger.error({ err }, 'unable to check agent runs for stops; the Store failed'),
    );
  }

  /** `POST /tasks/:task/agent-runs`: creates the run's message and the run, and signals the room. */
  async start(taskId: string, request: AgentRunRequest): Promise<AgentRunAnswer> {
    const operation = 'start agent run';
    const store = this._deps.store;
    const [task, agent, user] = await Promise.all([
      store.getTask(taskId),
      store.getParticipant(taskId, request.agentId),
      store.getParticipant(taskId, request.userId),
    ]);
    if (!task) throw errors.unknownTask(operation, taskId);
    if (task.closed) throw errors.taskClosed(operation, taskId);
    if (!agent || agent.removed || agent.role !== 'bot') {
      throw agentRunErrors.notAnAgent(taskId, agent && !agent.removed ? agent.role : undefined);
    }
    if (!user) throw errors.notAParticipant(operation, taskId, 422);
    if (user.removed) throw errors.participantRemoved(taskId, operation);
    const runId = randomUUID();
    const headers = runHeaders(runId, request, 'streaming');
    const rest = createRestClient(this._deps.ably, agentRunToken(this._deps, taskId, request.agentId));
    let serial: string;
    try {
      const published = await rest.channels
        .get(agentChannelFor(taskId))
        .publish(runMessage(undefined, '', headers));
      serial = published.serials[0]!;
    } catch (err) {
      throw errors.ablyRequestFailed(operation, describeAblyError(err), 502);
    }
    const now = this._deps.now();
    await store.agentRuns.createAgentRun({
      runId,
      taskId,
      agentId: request.agentId,
      userId: request.userId,
      ...(request.inReplyTo === undefined ? {} : { inReplyTo: request.inReplyTo }),
      serial,
      leaseUntil: now + this._deps.settings.idleTimeoutMs,
      createdAt: now,
    });
    await this._signal(taskId, { run: runId, agentId: request.agentId, userId: request.userId });
    this._closer.sweepLost();
    return answerOf({ runId, taskId, agentId: request.agentId, userId: request.userId, serial }, 'streaming');
  }

  /** The task's runs streaming now, for the token answer; runs past their lease are closed on the way. */
  async live(taskId: string): Promise<LiveAgentRun[]> {
    const now = this._deps.now();
    const runs = await this._deps.store.agentRuns.liveAgentRuns(taskId);
    const lost = runs.filter((r) => r.leaseUntil < now);
    for (const run of lost) void this._closer.closeLost(run);
    return runs
      .filter((r) => r.leaseUntil >= now)
      .map((r) => ({ run: r.runId, agentId: r.agentId, userId: r.userId }));
  }

  /**
   * `POST /tasks/:task/agent-runs/:run/output`: appends the pieces as they arrive and ends the run when they
   * end (`complete`), when its user stops it (`cancelled`, answered at once), or when the agent goes quiet,
   * sends too much or sends a malformed line (`failed`, with the error). `abandoned` fires when the agent's
   * request goes away before its end.
   */
  async stream(
    taskId: string,
    runId: string,
    pieces: AsyncIterable<string>,
    abandoned: AbortSignal,
  ): Promise<OutputOutcome> {
    const operation = 'stream agent output';
    const store = this._deps.store.agentRuns;
    const settings = this._deps.settings;
    const known = await store.getAgentRun(runId);
    if (!known || known.taskId !== taskId) throw agentRunErrors.unknownAgentRun(operation, taskId);
    const claim = await store.claimAgentRunOutput(runId, this._deps.now() + settings.idleTimeoutMs);
    const run = claim.run ?? known;
    if (!claim.claimed) {
      throw run.status === 'streaming'
        ? agentRunErrors.agentRunOutputTaken(operation)
        : agentRunErrors.agentRunEnded(operation, run.status);
    }
    const connection = new AgentConnection(this._deps, taskId, run.agentId, settings.appendRollupWindowMs);
    const headers = runHeaders(runId, run, 'streaming');
    const writer = new RunWriter(connection, run.serial, headers);
    const stopped = this._local.add(runId);
    const ended = new AbortController();
    const end = (why: 'idle' | 'stopped' | 'abandoned') => ended.abort(why);
    let idle = setTimeout(() => end('idle'), settings.idleTimeoutMs);
    stopped.addEventListener('abort', () => end('stopped'));
    abandoned.addEventListener('abort', () => end('abandoned'));
    let failure: BackendError | undefined;
    let reason: string | undefined;
    try {
      await readUntil(pieces, ended.signal, (piece) => {
        clearTimeout(idle);
        idle = setTimeout(() => end('idle'), settings.idleTimeoutMs);
        const room = settings.maxBytes - writer.bytes;
        if (Buffer.byteLength(piece) > room) {
          writer.write(fitting(piece, room));
          failure = agentRunErrors.agentRunTooLarge(settings.maxBytes);
          reason = `The reply was longer than ${settings.maxBytes} bytes.`;
          return false;
        }
        writer.write(piece);
        return true;
      });
    } catch (err) {
      if (isBackendError(err)) {
        failure = err;
        reason = 'The agent sent output that could not be read.';
      } else {
        // The body broke off (the agent's connection reset): the run fails with what arrived.
        end('abandoned');
      }
    } finally {
      clearTimeout(idle);
    }
    const why = ended.signal.aborted ? (ended.signal.reason as string) : undefined;
    if (why === 'idle') {
      failure = agentRunErrors.agentRunIdle(Math.round(settings.idleTimeoutMs / 1000));
      reason = `The agent stopped sending for ${Math.round(settings.idleTimeoutMs / 1000)} s.`;
    } else if (why === 'abandoned') {
      reason = 'The agent’s connection closed before the end of its reply.';
    }
    const wanted: Exclude<AgentRunStatus, 'streaming'> =
      why === 'stopped' ? 'cancelled' : failure || why === 'abandoned' ? 'failed' : 'complete';
    try {
      const answer = await this._finish(run, writer, wanted, reason);
      return failure && answer.status === 'failed' ? { error: failure } : { answer };
    } finally {
      this._local.remove(runId);
      connection.close();
    }
  }

  /**
   * `POST /agent-runs/:run/stop` by the run's user: ends it `cancelled` at once; the instance streaming it
   * closes its message (here, or within `stopPollMs` elsewhere). A run that already ended answers as it is.
   */
  async stop(caller: Caller, runId: string): Promise<AgentRunAnswer> {
    const operation = 'stop agent run';
    const store = this._deps.store;
    const [context, known] = await Promise.all([
      store.getTokenContext(caller.task, caller.userId),
      store.agentRuns.getAgentRun(runId),
    ]);
    currentMembership(context, caller, operation);
    if (!known || known.taskId !== caller.task) throw agentRunErrors.unknownAgentRun(operation, caller.task);
    if (known.userId !== caller.userId) throw agentRunErrors.notTheRunUser();
    const { ended, run = known } = await store.agentRuns.endAgentRun(
      runId,
      { status: 'cancelled' },
      this._deps.now(),
    );
    if (ended && !this._local.abort(runId, 'cancelled') && !run.outputStarted) {
      // Nobody streams it: its message is closed here.
      await this._closer.closeMessage(run, '', 'cancelled');
    }
    return answerOf(run, run.status, run.replySerial);
  }

  /**
   * Ends the run in the Store (a stop made meanwhile wins), closes its message with the full text, and for a
   * `complete` run posts the reply and pushes to its user when away.
   */
  private async _finish(
    run: AgentRunRecord,
    writer: RunWriter,
    wanted: Exclude<AgentRunStatus, 'streaming'>,
    reason: string | undefined,
  ): Promise<AgentRunAnswer> {
    const { run: after = run } = await this._deps.store.agentRuns.endAgentRun(
      run.runId,
      { status: wanted, ...(wanted === 'failed' && reason ? { reason } : {}) },
      this._deps.now(),
    );
    const status = after.status;
    let replySerial: string | undefined;
    if (status === 'complete' && writer.text.trim() !== '') {
      replySerial = await this._postReply(run, writer.text);
    }
    const headers = runHeaders(run.runId, run, status, after.reason, replySerial);
    try {
      await writer.close(headers);
      await this._deps.store.agentRuns.markAgentRunClosed(run.runId, replySerial);
    } catch (err) {
      // The run stays unclosed in the Store: the next look at lost runs closes it once its lease runs out.
      this._deps.logger.error(
        { task: run.taskId, run: run.runId, reason: describeAblyError(err) },
        'unable to close agent run message; Ably refused the update',
      );
    }
    if (writer.lost > 0) {
      this._deps.logger.warn(
        { task: run.taskId, run: run.runId, lost: writer.lost },
        'agent run appends lost and repaired',
      );
    }
    if (status === 'complete') await this._alertIfAway(run);
    return answerOf(run, status, replySerial);
  }

  private async _postReply(run: AgentRunRecord, text: string): Promise<string | undefined> {
    try {
      const sent = await this._deps.postReply(run.taskId, {
        userId: run.agentId,
        text,
        metadata: { agentRun: run.runId },
      });
      return sent.serial;
    } catch (err) {
      this._deps.logger.warn(
        { task: run.taskId, run: run.runId, err: (err as Error).message },
        'unable to post agent reply; the run completed without a chat message',
      );
      return undefined;
    }
  }

  private async _alertIfAway(run: AgentRunRecord): Promise<void> {
    try {
      const present = await this._deps.present(run.taskId);
      if (present.has(run.userId)) return;
      const task = await this._deps.store.getTask(run.taskId);
      if (task) await this._deps.alertComplete(run.taskId, run.userId, task.title);
    } catch (err) {
      this._deps.logger.error(
        { task: run.taskId, run: run.runId, err: (err as Error).message },
        'unable to alert the user that the agent finished',
      );
    }
  }

  private async _signal(taskId: string, run: LiveAgentRun): Promise<void> {
    try {
      await createRestClient(this._deps.ably)
        .channels.get(chatChannelFor(taskId))
        .publish({ name: SIGNAL, data: run, extras: { ephemeral: true } });
    } catch (err) {
      // Only a hint: elements opened later still learn of the run from their token.
      this._deps.logger.warn(
        { task: taskId, run: run.run, reason: describeAblyError(err) },
        'unable to signal agent run',
      );
    }
  }
}

function isBackendError(err: unknown): err is BackendError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'BackendError';
}
