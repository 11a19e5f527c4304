import type Database from 'better-sqlite3';
import type { AgentRunStatus } from '../../contract/api-contract.js';
import {
  agentRunsMigration,
  toAgentRun,
  type AgentRunRecord,
  type AgentRunRow,
  type AgentRunStore,
  type NewAgentRun,
} from './agent-run-store.js';

/** Schema 6 of the SQLite store: agent runs (agent-run-store.ts). */
export const AGENT_RUNS_MIGRATION = agentRunsMigration({ time: 'INTEGER', flag: 'INTEGER', serial: 'TEXT' });

/** The SQLite store's agent-run part; synchronous underneath, so each method is atomic. */
export class SqliteAgentRuns implements AgentRunStore {
  constructor(private readonly _stmt: (sql: string) => Database.Statement) {}

  async createAgentRun(run: NewAgentRun): Promise<void> {
    this._stmt(
      `INSERT INTO agent_runs (run_id, task_id, agent_id, user_id, in_reply_to, serial, status, output_started,
         closed, lease_until, created_at)
       VALUES (@runId, @taskId, @agentId, @userId, @inReplyTo, @serial, 'streaming', 0, 0, @leaseUntil, @createdAt)`,
    ).run({ ...run, inReplyTo: run.inReplyTo ?? null });
  }

  async getAgentRun(runId: string): Promise<AgentRunRecord | undefined> {
    return this._get(runId);
  }

  async liveAgentRuns(taskId: string): Promise<AgentRunRecord[]> {
    const rows = this._stmt(
      `SELECT * FROM agent_runs WHERE task_id = ? AND status = 'streaming' ORDER BY created_at, rowid`,
    ).all(taskId) as AgentRunRow[];
    return rows.map(toAgentRun);
  }

  async claimAgentRunOutput(runId: string, leaseUntil: number) {
    const { changes } = this._stmt(
      `UPDATE agent_runs SET output_started = 1, lease_until = ?
       WHERE run_id = ? AND status = 'streaming' AND output_started = 0`,
    ).run(leaseUntil, runId);
    const run = this._get(runId);
    return run ? { claimed: changes === 1, run } : { claimed: false };
  }

  async renewAgentRunLeases(runIds: readonly string[], leaseUntil: number): Promise<void> {
    if (runIds.length === 0) return;
    this._stmt(
      `UPDATE agent_runs SET lease_until = ? WHERE run_id IN (SELECT value FROM json_each(?)) AND closed = 0`,
    ).run(leaseUntil, JSON.stringify(runIds));
  }

  async agentRunStatuses(runIds: readonly string[]): Promise<Map<string, AgentRunStatus>> {
    if (runIds.length === 0) return new Map();
    const rows = this._stmt(
      `SELECT run_id, status FROM agent_runs WHERE run_id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(runIds)) as { run_id: string; status: AgentRunStatus }[];
    return new Map(rows.map((r) => [r.run_id, r.status]));
  }

  async endAgentRun(
    runId: string,
    end: { status: Exclude<AgentRunStatus, 'streaming'>; reason?: string },
    now: number,
  ) {
    const { changes } = this._stmt(
      `UPDATE agent_runs SET status = ?, reason = ?, ended_at = ? WHERE run_id = ? AND status = 'streaming'`,
    ).run(end.status, end.reason ?? null, now, runId);
    const run = this._get(runId);
    return run ? { ended: changes === 1, run } : { ended: false };
  }

  async markAgentRunClosed(runId: string, replySerial?: string): Promise<void> {
    this._stmt(
      `UPDATE agent_runs SET closed = 1, reply_serial = COALESCE(?, reply_serial) WHERE run_id = ?`,
    ).run(replySerial ?? null, runId);
  }

  async lostAgentRuns(now: number, limit: number): Promise<AgentRunRecord[]> {
    const rows = this._stmt(
      `SELECT * FROM agent_runs WHERE closed = 0 AND lease_until < ? ORDER BY lease_until LIMIT ?`,
    ).all(now, limit) as AgentRunRow[];
    return rows.map(toAgentRun);
  }

  private _get(runId: string): AgentRunRecord | undefined {
    const row = this._stmt('SELECT * FROM agent_runs WHERE run_id = ?').get(runId) as AgentRunRow | undefined;
    return row && toAgentRun(row);
  }
}
