import type { AgentRunStatus } from '../../contract/api-contract.js';
import type { AgentRunStore } from '../store/agent-run-store.js';

/** How often an instance looks for stops of the runs it streams, and how long their leases last. */
export interface LocalRunTimings {
  pollMs: number;
  leaseMs: number;
}

/**
 * The runs this instance streams right now. A stop may reach any instance (the browser's request goes
 * through the load balancer): the stopping instance ends the run in the Store, and the streaming instance
 * learns it here — at once when it is the same instance ({@link abort}), else from a poll of the Store every
 * `pollMs` while it streams anything (one query for all its runs). The same loop renews their leases, so a run
 * whose instance died is seen as lost. Nothing runs while the instance streams nothing.
 */
export class LocalRuns {
  private readonly _runs = new Map<string, AbortController>();
  private _timer?: NodeJS.Timeout;
  private _renewedAt = 0;

  constructor(
    private readonly _store: AgentRunStore,
    private readonly _timings: LocalRunTimings,
    private readonly _now: () => number,
    private readonly _report: (err: unknown) => void,
  ) {}

  /** Starts watching a run; its signal aborts (with the status that ended it) when the run ends elsewhere. */
  add(runId: string): AbortSignal {
    const controller = new AbortController();
    this._runs.set(runId, controller);
    this._schedule();
    return controller.signal;
  }

  remove(runId: string): void {
    this._runs.delete(runId);
  }

  /** Aborts a run streamed here with `status`; false when this instance does not stream it. */
  abort(runId: string, status: AgentRunStatus): boolean {
    const controller = this._runs.get(runId);
    if (!controller) return false;
    controller.abort(status);
    return true;
  }

  private _schedule(): void {
    if (this._timer || this._runs.size === 0) return;
    this._timer = setTimeout(() => void this._tick(), this._timings.pollMs);
    this._timer.unref();
  }

  private async _tick(): Promise<void> {
    const ids = [...this._runs.keys()];
    try {
      const statuses = await this._store.agentRunStatuses(ids);
      for (const [runId, status] of statuses) if (status !== 'streaming') this.abort(runId, status);
      const now = this._now();
      if (now - this._renewedAt >= this._timings.leaseMs / 3) {
        await this._store.renewAgentRunLeases(ids, now + this._timings.leaseMs);
        this._renewedAt = now;
      }
    } catch (err) {
      this._report(err);
    } finally {
      this._timer = undefined;
      this._schedule();
    }
  }
}
