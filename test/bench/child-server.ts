import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './bench-support.js';
import { processCpuMs, processRssBytes } from './proc-stats.js';

/** A server under test running in its own process, so it has its own core and its own fd limit. */
export interface ChildServer {
  pid: number;
  port: number;
  /** `ws://127.0.0.1:PORT/` */
  wsUrl: string;
  rssBytes(): number;
  /** User + system CPU time the child has used so far, in ms. */
  cpuMs(): number;
  /**
   * Main-thread GC pauses of the child so far, as [epoch ms at start, ms]: asks with SIGUSR2 and reads the
   * `gc-pauses <json>` line it answers with. Only children that answer it (bench-server-main.ts) may be asked.
   */
  gcPauses(): Promise<GcPause[]>;
  /** SIGTERM (a clean stop) by default; SIGKILL for a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** One GC pause: when it started (epoch ms, the clock both processes share) and how long it took (ms). */
export type GcPause = [startedAt: number, ms: number];

const GC_PAUSES_LINE = 'gc-pauses ';

export interface ChildServerOptions {
  /** Node flags before `--import tsx`, e.g. `['--cpu-prof', '--cpu-prof-dir=/tmp/prof']` to profile the server. */
  nodeArgs?: string[];
  /** Receives the child's stderr after it listens (default: passed through to this process's stderr). */
  onStderr?: (chunk: string) => void;
  /** Environment variables added to this process's for the child (a main's configuration). */
  env?: Record<string, string>;
}

const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;
const START_TIMEOUT_MS = 20_000;

/**
 * Starts `node --import tsx <entry> ...args` and waits for the "listening on http://127.0.0.1:PORT" line that
 * both server/ably-local/main.ts and bench-server-main.ts print. The child's stderr is passed through.
 */
export async function startChildServer(
  entry: string,
  args: string[],
  options: ChildServerOptions = {},
): Promise<ChildServer> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', entry, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  const port = await waitForPort(child, options.onStderr);
  const pid = child.pid!;
  const lines = stdoutLines(child);
  return {
    pid,
    port,
    wsUrl: `ws://127.0.0.1:${port}/`,
    rssBytes: () => processRssBytes(pid),
    cpuMs: () => processCpuMs(pid),
    gcPauses: async () => {
      const answer = lines.next(GC_PAUSES_LINE);
      child.kill('SIGUSR2');
      return JSON.parse((await answer).slice(GC_PAUSES_LINE.length)) as GcPause[];
    },
    stop: (signal) => stopChild(child, signal),
  };
}

function waitForPort(child: ChildProcess, onStderr?: (chunk: string) => void): Promise<number> {
  const { stdout, stderr } = child as ChildProcess & {
    stdout: NodeJS.ReadableStream;
    stderr: NodeJS.ReadableStream;
  };
  return new Promise((resolve, reject) => {
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      stdout.off('data', collect);
      stderr.off('data', collect);
      if (onStderr) stderr.on('data', (chunk: Buffer) => onStderr(chunk.toString()));
      else stderr.pipe(process.stderr, { end: false });
      resolve(Number(match[1]));
    };
    const fail = (err: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    const onExit = (code: number | null, signal: string | null): void =>
      fail(new Error(`unable to start server; it exited (${code ?? signal}) before listening: ${output}`));
    const timer = setTimeout(
      () => fail(new Error(`unable to start server; not listening after ${START_TIMEOUT_MS} ms: ${output}`)),
      START_TIMEOUT_MS,
    );
    stdout.on('data', collect);
    stderr.on('data', collect);
    child.once('exit', onExit);
  });
}

/**
 * The child's stdout after it listens, read line by line so it never blocks on a full pipe; `next(prefix)`
 * resolves with the next line that starts with `prefix` (others are dropped).
 */
function stdoutLines(child: ChildProcess): { next(prefix: string): Promise<string> } {
  const waiting: { prefix: string; resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  let partial = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      const at = waiting.findIndex((w) => line.startsWith(w.prefix));
      if (at >= 0) waiting.splice(at, 1)[0]!.resolve(line);
    }
  });
  child.once('exit', () => {
    for (const w of waiting.splice(0))
      w.reject(new Error(`unable to read ${w.prefix.trim()}; the server exited`));
  });
  return {
    next: (prefix) => new Promise((resolve, reject) => waiting.push({ prefix, resolve, reject })),
  };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}
