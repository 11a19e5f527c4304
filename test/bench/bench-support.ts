import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, freemem, platform, release, totalmem, arch } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever the working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where every benchmark writes its JSON (git-ignored). */
export const RESULTS_DIR = join(REPO_ROOT, 'bench-results');

export interface MachineInfo {
  os: string;
  arch: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryBytes: number;
  freeMemoryBytes: number;
  node: string;
  /** Soft and hard `Max open files` of this process, from /proc/self/limits (Linux only). */
  openFiles?: { soft: number; hard: number };
}

/** The machine a run happened on; every result file carries it, since figures only compare within one box. */
export async function machineInfo(): Promise<MachineInfo> {
  const cpuList = cpus();
  const info: MachineInfo = {
    os: `${platform()} ${release()}`,
    arch: arch(),
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cpuCount: cpuList.length,
    totalMemoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    node: process.version,
  };
  const openFiles = await openFileLimits();
  if (openFiles) info.openFiles = openFiles;
  return info;
}

async function openFileLimits(): Promise<{ soft: number; hard: number } | undefined> {
  try {
    const limits = await readFile('/proc/self/limits', 'utf8');
    const match = /^Max open files\s+(\d+)\s+(\d+)/m.exec(limits);
    return match ? { soft: Number(match[1]), hard: Number(match[2]) } : undefined;
  } catch {
    return undefined; // not Linux: the figure is informational only
  }
}

export interface CodeRevision {
  commit: string;
  /** Files under the given paths with uncommitted changes: then the figures are for the working tree. */
  uncommittedChanges: number;
}

/** The commit measured, and whether the working tree differed from it under `paths`. */
export function codeRevision(paths: string[]): CodeRevision | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const changes = git('status', '--porcelain', '--', ...paths);
    return { commit: git('rev-parse', 'HEAD'), uncommittedChanges: changes ? changes.split('\n').length : 0 };
  } catch {
    return undefined; // not a git checkout: the revision is informational only
  }
}

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** Nearest-rank percentiles over the first `count` samples (sorts that prefix in place). */
export function summarizeLatencies(samples: Float64Array, count: number): LatencySummary {
  const sorted = samples.subarray(0, count).sort();
  const at = (q: number): number =>
    count === 0 ? NaN : sorted[Math.min(count - 1, Math.ceil(q * count) - 1)]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count,
    p50Ms: round(at(0.5)),
    p90Ms: round(at(0.9)),
    p99Ms: round(at(0.99)),
    maxMs: round(count === 0 ? NaN : sorted[count - 1]!),
    meanMs: round(count === 0 ? NaN : sum / count),
  };
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rounds to three significant decimals, enough for milliseconds and ratios. */
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Prints the result as JSON on stdout and writes it to `bench-results/<name>.json`; returns the path. */
export async function writeResult(name: string, result: unknown): Promise<string> {
  const json = JSON.stringify(result, null, 2);
  process.stdout.write(`${json}\n`);
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.json`);
  await writeFile(path, `${json}\n`);
  return path;
}

/** Progress goes to stderr so stdout stays pure JSON. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `task` over `items` with at most `limit` in flight; bounded and ordered by index. */
export async function mapLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
