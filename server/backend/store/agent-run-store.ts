import type { AgentRunStatus } from '../../contract/api-contract.js';

/**
 * A run as the Store keeps it (docs/backend.md §8): several backend instances share it, so a run created on
 * one can stream its output on another and be stopped from a third. Times are epoch ms.
 */
export interface AgentRunRecord {
  /** Globally unique (a UUID). */
  runId: string;
  taskId: string;
  agentId: string;
  userId: string;
  inReplyTo?: string;
  /** The serial of the run's message on the task's agent channel. */
  serial: string;
  status: AgentRunStatus;
  /** Why it failed (`failed` only). */
  reason?: string;
  /** The chat message posted with the final text (`complete` only, once posted). */
  replySerial?: string;
  /** An instance streams its output: only that one closes its message. */
  outputStarted: boolean;
  /** The run's message carries its final status. */
  closed: boolean;
  /**
   * Until when the run is looked after: creation gives it the idle timeout to start its output, and the
   * instance streaming it renews this while it does. A run not closed past it was lost (instance gone).
   */
  leaseUntil: number;
  createdAt: number;
  endedAt?: number;
}

/** What a new run starts with (`streaming`, no output yet, not closed). */
export type NewAgentRun = Pick<
  AgentRunRecord,
  'runId' | 'taskId' | 'agentId' | 'userId' | 'inReplyTo' | 'serial' | 'leaseUntil' | 'createdAt'
>;

/** The Store's part for agent runs; both implementations pass the same contract tests. */
export interface AgentRunStore {
  createAgentRun(run: NewAgentRun): Promise<void>;
  getAgentRun(runId: string): Promise<AgentRunRecord | undefined>;
  /** The task's runs still `streaming`, oldest first. */
  liveAgentRuns(taskId: string): Promise<AgentRunRecord[]>;
  /**
   * Claims the run's output for the caller: only a `streaming` run whose output nobody claimed yet; renews
   * the lease. Whether it was claimed, and the run as it stands after.
   */
  claimAgentRunOutput(runId: string, leaseUntil: number): Promise<{ claimed: boolean; run?: AgentRunRecord }>;
  /** Extends the leases of runs the caller streams. */
  renewAgentRunLeases(runIds: readonly string[], leaseUntil: number): Promise<void>;
  /** The current status of each of these runs (those that exist). */
  agentRunStatuses(runIds: readonly string[]): Promise<Map<string, AgentRunStatus>>;
  /**
   * Ends a `streaming` run with `status` (and `reason`); a run that already ended keeps its status. Whether
   * this call ended it, and the run as it stands after.
   */
  endAgentRun(
    runId: string,
    end: { status: Exclude<AgentRunStatus, 'streaming'>; reason?: string },
    now: number,
  ): Promise<{ ended: boolean; run?: AgentRunRecord }>;
  /** The run's message carries its final status now (and, `complete`, the chat message that repeats it). */
  markAgentRunClosed(runId: string, replySerial?: string): Promise<void>;
  /** Runs not closed whose lease ran out before `now`: lost by the instance that looked after them. */
  lostAgentRuns(now: number, limit: number): Promise<AgentRunRecord[]>;
}

/** An `agent_runs` row, as both databases return it (booleans as 0/1 in SQLite). */
export interface AgentRunRow {
  run_id: string;
  task_id: string;
  agent_id: string;
  user_id: string;
  in_reply_to: string | null;
  serial: string;
  status: string;
  reason: string | null;
  reply_serial: string | null;
  output_started: number | boolean;
  closed: number | boolean;
  lease_until: number;
  created_at: number;
  ended_at: number | null;
}

export function toAgentRun(row: AgentRunRow): AgentRunRecord {
  return {
    runId: row.run_id,
    taskId: row.task_id,
    agentId: row.agent_id,
    userId: row.user_id,
    ...(row.in_reply_to === null ? {} : { inReplyTo: row.in_reply_to }),
    serial: row.serial,
    status: row.status as AgentRunStatus,
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.reply_serial === null ? {} : { replySerial: row.reply_serial }),
    outputStarted: Boolean(row.output_started),
    closed: Boolean(row.closed),
    leaseUntil: row.lease_until,
    createdAt: row.created_at,
    ...(row.ended_at === null ? {} : { endedAt: row.ended_at }),
  };
}

/** The `agent_runs` table (schema 6 of both stores); `integer` is the booleans' type (SQLite has none). */
export function agentRunsMigration(types: { time: string; flag: string; serial: string }): string {
  return `CREATE TABLE agent_runs (
     run_id TEXT PRIMARY KEY,
     task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
     agent_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     in_reply_to TEXT,
     serial ${types.serial} NOT NULL,
     status TEXT NOT NULL,
     reason TEXT,
     reply_serial TEXT,
     output_started ${types.flag} NOT NULL,
     closed ${types.flag} NOT NULL,
     lease_until ${types.time} NOT NULL,
     created_at ${types.time} NOT NULL,
     ended_at ${types.time}
   );
   CREATE INDEX agent_runs_live ON agent_runs (task_id, status);
   CREATE INDEX agent_runs_unclosed ON agent_runs (closed, lease_until);`;
}
