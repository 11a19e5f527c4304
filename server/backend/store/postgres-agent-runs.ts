import type pg from 'pg';
import type { AgentRunStatus } from '../../contract/api-contract.js';
import {
  agentRunsMigration,
  toAgentRun,
  type AgentRunRecord,
  type AgentRunRow,
  type AgentRunStore,
  type NewAgentRun,
} from './agent-run-store.js';

/** Schema 6 of the PostgreSQL store: agent runs, as in sqlite-agent-runs.ts. */
export const AGENT_RUNS_MIGRATION = agentRunsMigration({
  time: 'BIGINT',
  flag: 'BOOLEAN',
  serial: 'TEXT COLLATE "C"',
});

/** The PostgreSQL store's agent-run part: every change is one conditional statement, safe across instances. */
export class PostgresAgentRuns implements AgentRunStore {
  constructor(private readonly _pool: pg.Pool) {}

  async createAgentRun(run: NewAgentRun): Promise<void> {
    await this._pool.query(
      `INSERT INTO agent_runs (run_id, task_id, agent_id, user_id, in_reply_to, serial, status, output_started,
         closed, lease_until, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'streaming', FALSE, FALSE, $7, $8)`,
      [
        run.runId,
        run.taskId,
        run.agentId,
        run.userId,
        run.inReplyTo ?? null,
        run.serial,
        run.leaseUntil,
        run.createdAt,
      ],
    );
  }

  async getAgentRun(runId: string): Promise<AgentRunRecord | undefined> {
    const { rows } = await this._pool.query<AgentRunRow>('SELECT * FROM agent_runs WHERE run_id = $1', [
      runId,
    ]);
    return rows[0] && toAgentRun(rows[0]);
  }

  async liveAgentRuns(taskId: string): Promise<AgentRunRecord[]> {
    const { rows } = await this._pool.query<AgentRunRow>(
      `SELECT * FROM agent_runs WHERE task_id = $1 AND status = 'streaming' ORDER BY created_at, run_id`,
      [taskId],
    );
    return rows.map(toAgentRun);
  }

  async claimAgentRunOutput(runId: string, leaseUntil: number) {
    const { rows } = await this._pool.query<AgentRunRow & { claimed: boolean }>(
      `WITH claim AS (
         UPDATE agent_runs SET output_started = TRUE, lease_until = $2
         WHERE run_id = $1 AND status = 'streaming' AND NOT output_started RETURNING *
       )
       SELECT *, TRUE AS claimed FROM claim
       UNION ALL
       SELECT *, FALSE AS claimed FROM agent_runs WHERE run_id = $1 AND NOT EXISTS (SELECT 1 FROM claim)`,
      [runId, leaseUntil],
    );
    const row = rows[0];
    return row ? { claimed: row.claimed, run: toAgentRun(row) } : { claimed: false };
  }

  async renewAgentRunLeases(runIds: readonly string[], leaseUntil: number): Promise<void> {
    if (runIds.length === 0) return;
    await this._pool.query(
      'UPDATE agent_runs SET lease_until = $2 WHERE run_id = ANY($1::text[]) AND NOT closed',
      [runIds, leaseUntil],
    );
  }

  async agentRunStatuses(runIds: readonly string[]): Promise<Map<string, AgentRunStatus>> {
    if (runIds.length === 0) return new Map();
    const { rows } = await this._pool.query<{ run_id: string; status: AgentRunStatus }>(
      'SELECT run_id, status FROM agent_runs WHERE run_id = ANY($1::text[])',
      [runIds],
    );
    return new Map(rows.map((r) => [r.run_id, r.status]));
  }

  async endAgentRun(
    runId: string,
    end: { status: Exclude<AgentRunStatus, 'streaming'>; reason?: string },
    now: number,
  ) {
    const { rows } = await this._pool.query<AgentRunRow & { ended: boolean }>(
      `WITH ended AS (
         UPDATE agent_runs SET status = $2, reason = $3, ended_at = $4
         WHERE run_id = $1 AND status = 'streaming' RETURNING *
       )
       SELECT *, TRUE AS ended FROM ended
       UNION ALL
       SELECT *, FALSE AS ended FROM agent_runs WHERE run_id = $1 AND NOT EXISTS (SELECT 1 FROM ended)`,
      [runId, end.status, end.reason ?? null, now],
    );
    const row = rows[0];
    return row ? { ended: row.ended, run: toAgentRun(row) } : { ended: false };
  }

  async markAgentRunClosed(runId: string, replySerial?: string): Promise<void> {
    await this._pool.query(
      'UPDATE agent_runs SET closed = TRUE, reply_serial = COALESCE($2, reply_serial) WHERE run_id = $1',
      [runId, replySerial ?? null],
    );
  }

  async lostAgentRuns(now: number, limit: number): Promise<AgentRunRecord[]> {
    const { rows } = await this._pool.query<AgentRunRow>(
      'SELECT * FROM agent_runs WHERE NOT closed AND lease_until < $1 ORDER BY lease_until LIMIT $2',
      [now, limit],
    );
    return rows.map(toAgentRun);
  }
}
