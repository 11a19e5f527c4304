import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEV_MAIN = fileURLToPath(new URL('../../server/dev-main.ts', import.meta.url));

/** `npm start` running as its own process, on free ports and a data folder of its own. */
export interface NpmStart {
  /** The demo's URL as the banner prints it (`http://localhost:<port>/demo/`). */
  demo: string;
  backend: string;
  ablyLocal: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `npm start`'s entry (server/dev-main.ts) as a process with PORT=0 and ABLY_LOCAL_PORT=0, without
 * rebuilding the element (run `npm run build` first), and resolves once its banner names every URL.
 */
export function startNpmStart(
  env: Record<string, string> = {},
  /** A data folder to use (and keep) instead of a fresh one removed on stop, e.g. to restart on it. */
  keepDataIn?: string,
): Promise<NpmStart> {
  const dataDir = keepDataIn ?? mkdtempSync(join(tmpdir(), 'embedded-chat-start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', DEV_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      EMBEDDED_CHAT_SKIP_BUILD: '1',
      PORT: '0',
      ABLY_LOCAL_PORT: '0',
      LOG_LEVEL: 'warn',
      SQLITE_PATH: join(dataDir, 'backend.sqlite'),
      ABLY_LOCAL_DATA: join(dataDir, 'ably-local.sqlite'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const code = await exited;
    if (keepDataIn === undefined) rmSync(dataDir, { recursive: true, force: true });
    return code;
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const demo = /open the demo:\s+(http:\/\/\S+)/.exec(output)?.[1];
      const backend = /backend:\s+(http:\/\/\S+)/.exec(output)?.[1];
      const ablyLocal = /ably-local:\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (demo && backend && ablyLocal) {
        resolve({ demo, backend, ablyLocal, dataDir, child, output: () => output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`)),
    );
  });
}
