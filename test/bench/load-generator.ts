import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './bench-support.js';
import type { ClientSpec, GrowReply, LoadCommand, StormReply, WindowReply } from './load-worker.js';

const LOAD_WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/** The load benchmark's worker processes; each room lives wholly in one of them. */
export class LoadGenerator {
  private constructor(private readonly _workers: ChildProcess[]) {}

  static async start(count: number): Promise<LoadGenerator> {
    const workers = Array.from({ length: count }, () =>
      spawn(process.execPath, ['--import', 'tsx', LOAD_WORKER], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    await Promise.all(workers.map((w) => once(w, 'message')));
    return new LoadGenerator(workers);
  }

  get size(): number {
    return this._workers.length;
  }

  pids(): number[] {
    return this._workers.map((w) => w.pid!);
  }

  setup(wsUrl: string, sendIntervalMs: number, membersPerRoom: number): Promise<unknown[]> {
    return this._all({ cmd: 'setup', wsUrl, sendIntervalMs, membersPerRoom });
  }

  /** Opens the clients, each in the worker of its room (`workerOf`). */
  grow(clients: (ClientSpec & { worker: number })[], concurrency: number): Promise<GrowReply[]> {
    return Promise.all(
      this._workers.map((_, i) =>
        this._ask<GrowReply>(i, {
          cmd: 'grow',
          clients: clients.filter((c) => c.worker === i).map(({ channel, token }) => ({ channel, token })),
          concurrency,
        }),
      ),
    );
  }

  window(durationMs: number, drainMs: number): Promise<WindowReply[]> {
    return this._all({ cmd: 'window', durationMs, drainMs }) as Promise<WindowReply[]>;
  }

  storm(): Promise<StormReply[]> {
    return this._all({ cmd: 'storm' }) as Promise<StormReply[]>;
  }

  async close(): Promise<void> {
    await Promise.all(
      this._workers.map(async (w) => {
        if (w.exitCode !== null) return;
        const exited = once(w, 'exit');
        w.send({ cmd: 'close' } satisfies LoadCommand);
        await exited;
      }),
    );
  }

  private _all(command: LoadCommand): Promise<unknown[]> {
    return Promise.all(this._workers.map((_, i) => this._ask(i, command)));
  }

  private async _ask<T>(index: number, command: LoadCommand): Promise<T> {
    const worker = this._workers[index]!;
    const answer = once(worker, 'message') as Promise<[{ ok: boolean; reply?: T; error?: string }]>;
    worker.send(command);
    const [message] = await answer;
    if (!message.ok) throw new Error(`load worker ${index}: ${message.error}`);
    return message.reply as T;
  }
}
