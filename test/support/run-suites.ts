/**
 * `npm test`: builds the element, then runs every suite — node (vitest), browser (web-test-runner), end to
 * end (vitest driving the demo) — each one even when an earlier step failed, so one failure never hides the
 * others; exits non-zero at the end if any step failed. Each step is a package script of its own
 * (`npm run test:node`, …). What each step did is written to `test-results/suites.json` for `.ci/summarize.mjs`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const STEPS = ['build', 'test:node', 'test:browser', 'test:e2e'] as const;

interface StepResult {
  step: (typeof STEPS)[number];
  ok: boolean;
  /** The exit code, or the signal that ended the step. */
  exit: number | string;
  seconds: number;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `npm run <step>` in the repository, its output on this terminal. */
function run(step: StepResult['step']): StepResult {
  const started = Date.now();
  // Under npm, npm_execpath is npm's own CLI: run it with this Node, as npm runs scripts.
  const npm = process.env.npm_execpath;
  const { status, signal, error } = npm
    ? spawnSync(process.execPath, [npm, 'run', step], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', step], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (error) console.error(`npm test: unable to run ${step}; ${error.message}`);
  return {
    step,
    ok: status === 0,
    exit: status ?? signal ?? 'not started',
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

const results = STEPS.map(run);
mkdirSync(`${root}test-results`, { recursive: true });
writeFileSync(`${root}test-results/suites.json`, `${JSON.stringify(results, null, 2)}\n`);

const failed = results.filter((r) => !r.ok);
console.log('\nnpm test:');
for (const r of results) {
  console.log(
    `  ${r.ok ? 'ok    ' : 'FAILED'} ${r.step.padEnd(12)} ${r.seconds} s${r.ok ? '' : ` (exit ${r.exit})`}`,
  );
}
console.log(failed.length === 0 ? 'every step passed' : `${failed.map((r) => r.step).join(', ')} failed`);
process.exit(failed.length === 0 ? 0 : 1);
