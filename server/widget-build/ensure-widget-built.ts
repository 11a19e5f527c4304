import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * `npm start` builds the element when its build is missing or stale, so the backend always serves what
 * `widget/` says. Lives outside `server/backend`: the backend serves a folder and knows nothing of sources.
 */

/** The build's loader, relative to the repository root; its mtime is the build's. */
export const LOADER_PATH = join('dist', 'embedded-chat.js');

/** Files at the repository root that change the build besides `widget/**` (the element's and the worker's vite configs). */
const ROOT_INPUTS = /^(package-lock\.json|vite(\.sw)?\.config\.[cm]?[jt]s)$/;

/**
 * Whether the element must be built: there is no built loader (`distMtime` undefined), or some source is
 * newer than it. Pure; times are epoch ms.
 */
export function needsBuild(distMtime: number | undefined, sourceMtimes: Iterable<number>): boolean {
  if (distMtime === undefined) return true;
  for (const mtime of sourceMtimes) if (mtime > distMtime) return true;
  return false;
}

export interface EnsureWidgetBuiltOptions {
  repoRoot: string;
  /** The build command, run in `repoRoot`; default `npm run build`. */
  command?: readonly string[];
  /** Where progress lines go; default stdout. */
  log?: (line: string) => void;
}

/** What {@link ensureWidgetBuilt} found or did. */
export type WidgetBuildOutcome = 'built' | 'fresh' | 'no-sources';

interface Source {
  path: string;
  mtimeMs: number;
}

/**
 * Builds the element when `dist/embedded-chat.js` is missing or older than the newest file under `widget/`,
 * `package-lock.json` or a root `vite.config.*`, printing why; does nothing without `widget/`. The build's
 * own output goes to this process's stdout/stderr. Rejects with a message saying what to do when the build
 * fails or writes no loader.
 */
export async function ensureWidgetBuilt(options: EnsureWidgetBuiltOptions): Promise<WidgetBuildOutcome> {
  const { repoRoot, command = ['npm', 'run', 'build'], log = console.log } = options;
  const widgetDir = join(repoRoot, 'widget');
  if (!existsSync(widgetDir)) return 'no-sources';
  const loader = join(repoRoot, LOADER_PATH);
  const distMtime = mtimeOf(loader);
  const sources = [...filesUnder(widgetDir), ...rootInputs(repoRoot)];
  if (
    !needsBuild(
      distMtime,
      sources.map((s) => s.mtimeMs),
    )
  )
    return 'fresh';
  const newest = sources.reduce<Source | undefined>(
    (a, b) => (a && a.mtimeMs >= b.mtimeMs ? a : b),
    undefined,
  );
  const why =
    distMtime === undefined
      ? `${LOADER_PATH} is missing`
      : `${relative(repoRoot, newest!.path)} is newer than ${LOADER_PATH}`;
  log(`embedded-chat: building the element (${why}): ${command.join(' ')}`);
  const code = await run(command, repoRoot);
  const remedy = 'fix the build, or set EMBEDDED_CHAT_SKIP_BUILD=1 to start without building';
  if (code !== 0) {
    throw new Error(`unable to build the element; ${command.join(' ')} exited with code ${code}; ${remedy}`);
  }
  if (!existsSync(loader)) {
    throw new Error(`unable to build the element; ${command.join(' ')} wrote no ${LOADER_PATH}; ${remedy}`);
  }
  log(`embedded-chat: element built (${LOADER_PATH})`);
  return 'built';
}

function mtimeOf(path: string): number | undefined {
  return existsSync(path) ? statSync(path).mtimeMs : undefined;
}

function* filesUnder(dir: string): Generator<Source> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield { path, mtimeMs: statSync(path).mtimeMs };
  }
}

function* rootInputs(repoRoot: string): Generator<Source> {
  for (const name of readdirSync(repoRoot)) {
    if (ROOT_INPUTS.test(name))
      yield { path: join(repoRoot, name), mtimeMs: statSync(join(repoRoot, name)).mtimeMs };
  }
}

/** Runs the command with inherited stdio; resolves with its exit code (1 when killed by a signal). */
function run(command: readonly string[], cwd: string): Promise<number> {
  const [file, ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(file!, args, { cwd, stdio: 'inherit' });
    child.once('error', (err) =>
      reject(new Error(`unable to build the element; cannot run ${command.join(' ')} (${err.message})`)),
    );
    child.once('exit', (code) => resolve(code ?? 1));
  });
}
