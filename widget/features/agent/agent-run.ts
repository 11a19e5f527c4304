import type * as Ably from 'ably';
import type {
  AgentRunHeaders,
  AgentRunMessageName,
  AgentRunStatus,
} from '../../../server/contract/api-contract.js';
import { compareSerials } from '../../internal/serial.js';

/** The name of a run's message on the agent channel. */
export const RUN_MESSAGE: AgentRunMessageName = 'agent.run';

const STATUSES = new Set<string>(['streaming', 'complete', 'cancelled', 'failed']);

/**
 * One agent run as the element knows it, from the one message that carries it on the task's agent channel:
 * its text so far, its status, and who it answers. Text grows in place (appends); whoever draws it watches
 * for that ({@link watch}) instead of redrawing the conversation.
 */
export class AgentRun {
  readonly serial: string;
  readonly runId: string;
  readonly agentId: string;
  readonly userId: string;
  /** When the run began (its message's creation), epoch ms. */
  readonly at: number;
  /** The serial of the chat message the run answers, when it answers one. */
  readonly inReplyTo: string | undefined;
  /**
   * Seen while streaming: the element draws it. A run first seen already ended is not drawn — a finished one
   * is its reply message, and one stopped or failed before the chat opened is past.
   */
  readonly shown: boolean;
  text: string;
  status: AgentRunStatus;
  reason: string | undefined;
  /** The chat message that repeats the final text (a finished run's closing headers name it). */
  replySerial: string | undefined;
  /** The newest version folded in: an older append or update arriving again (a resume) changes nothing. */
  version: string;
  private readonly _watchers = new Set<(text: string) => void>();

  constructor(serial: string, headers: AgentRunHeaders, at: number, text: string, version: string) {
    this.serial = serial;
    this.runId = headers.runId;
    this.agentId = headers.agentId;
    this.userId = headers.userId;
    this.inReplyTo = headers.inReplyTo;
    this.at = at;
    this.text = text;
    this.status = headers.status;
    this.reason = headers.reason;
    this.replySerial = headers.replySerial;
    this.version = version;
    this.shown = headers.status === 'streaming';
  }

  get ended(): boolean {
    return this.status !== 'streaming';
  }

  /** Calls `listener` with the whole text each time it grows or is rewritten; returns the undo. */
  watch(listener: (text: string) => void): () => void {
    this._watchers.add(listener);
    return () => this._watchers.delete(listener);
  }

  /** Sets the text and tells the watchers. */
  setText(text: string): void {
    if (text === this.text) return;
    this.text = text;
    for (const watcher of this._watchers) watcher(text);
  }
}

/** What a message did to the runs: a new run, its status or shape changed, only its text grew, or nothing. */
export type RunChange = { run: AgentRun; kind: 'new' | 'status' | 'text' } | undefined;

/**
 * Folds one message of the agent channel into `runs` (by serial): a create or a full update sets the run's text
 * and status (an update may come at any time, and always first after an attach or a resume); an append adds its
 * fragment; anything older than what is known already is skipped, so a message delivered twice is not repeated.
 * Messages that are not well-formed runs are ignored: only agents may write on the channel, and a bad one must
 * not break the chat.
 */
export function applyRunMessage(runs: Map<string, AgentRun>, message: Ably.InboundMessage): RunChange {
  const { serial } = message;
  if (message.name !== RUN_MESSAGE || typeof serial !== 'string') return undefined;
  const version = message.version?.serial ?? serial;
  const known = runs.get(serial);
  const action = message.action;
  if (action === 'message.delete') {
    if (known) runs.delete(serial);
    return undefined;
  }
  const data = typeof message.data === 'string' ? message.data : undefined;
  if (data === undefined) return undefined;
  if (known && compareSerials(version, known.version) <= 0) return undefined;
  const headers = runHeaders(message.extras);
  if (action === 'message.append') {
    if (!known) return undefined; // the full text comes with the update that follows an attach or resume
    known.version = version;
    const statusChanged = headers !== undefined && headers.status !== known.status;
    if (headers) setStatus(known, headers);
    known.setText(known.text + data);
    return { run: known, kind: statusChanged ? 'status' : 'text' };
  }
  if (action !== 'message.create' && action !== 'message.update') return undefined;
  if (!headers) return undefined;
  if (!known) {
    const at = typeof message.timestamp === 'number' ? message.timestamp : Date.now();
    const run = new AgentRun(serial, headers, at, data, version);
    runs.set(serial, run);
    return { run, kind: 'new' };
  }
  known.version = version;
  const statusChanged = headers.status !== known.status;
  setStatus(known, headers);
  known.setText(data);
  return { run: known, kind: statusChanged ? 'status' : 'text' };
}

function setStatus(run: AgentRun, headers: AgentRunHeaders): void {
  // A run that ended stays ended: a late `streaming` header (an append sent before the end) does not revive it.
  if (run.ended && headers.status === 'streaming') return;
  run.status = headers.status;
  run.reason = headers.reason;
  run.replySerial = headers.replySerial;
}

/** A run's headers when they are well-formed (`extras.headers`, strings only as Ably carries them). */
export function runHeaders(extras: unknown): AgentRunHeaders | undefined {
  const headers = (extras as { headers?: unknown } | undefined)?.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const { runId, agentId, userId, status, inReplyTo, reason, replySerial } = headers as Record<
    string,
    unknown
  >;
  if (typeof runId !== 'string' || typeof agentId !== 'string' || typeof userId !== 'string')
    return undefined;
  if (typeof status !== 'string' || !STATUSES.has(status)) return undefined;
  return {
    runId,
    agentId,
    userId,
    status: status as AgentRunStatus,
    ...(typeof inReplyTo === 'string' ? { inReplyTo } : {}),
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(typeof replySerial === 'string' ? { replySerial } : {}),
  };
}
