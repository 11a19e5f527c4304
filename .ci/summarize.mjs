// Sums what every test runner and check wrote to test-results/ and ends with one line
// "N passed, N failed" (", N skipped" added when any test was skipped). A runner that wrote nothing, or a step
// of `npm test` that failed without a failing test of its own (the build; a runner that crashed or failed
// outside a test), counts as one failure: a total can only look clean when everything ran and passed.
import { existsSync, readFileSync } from 'node:fs';

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);

/** A vitest JSON report; a file that fails to load has no failed test, only a failed suite. */
function vitestCounts(report) {
  const outside =
    !report.success && report.numFailedTests === 0 ? Math.max(1, report.numFailedTestSuites) : 0;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + outside,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

const RUNNERS = [
  { step: 'test:node', name: 'node (vitest)', file: 'test-results/vitest.json', counts: vitestCounts },
  {
    step: 'test:browser',
    name: 'browser (web-test-runner)',
    file: 'test-results/wtr.json',
    counts: (r) => r,
  },
  {
    step: 'test:e2e',
    name: 'end to end (vitest)',
    file: 'test-results/vitest-e2e.json',
    counts: vitestCounts,
  },
];

const total = { passed: 0, failed: 0, skipped: 0 };
const steps = read('test-results/suites.json') ?? [];
const failedStep = (name) => steps.some((s) => s.step === name && !s.ok);

for (const runner of RUNNERS) {
  const report = read(runner.file);
  const counts = report ? runner.counts(report) : { passed: 0, failed: 1, skipped: 0 };
  if (report && counts.failed === 0 && failedStep(runner.step)) counts.failed = 1;
  const note = report ? '' : ` (no ${runner.file})`;
  console.log(
    `${runner.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${note}`,
  );
  for (const key of Object.keys(total)) total[key] += counts[key];
}

if (failedStep('build')) {
  console.log('build: failed');
  total.failed++;
}

// lint, typecheck and the screenshot scripts, written by .ci/run.
const checks = read('test-results/checks.json');
if (checks) {
  console.log(`checks: ${checks.passed} passed, ${checks.failed} failed`);
  total.passed += checks.passed;
  total.failed += checks.failed;
}

const skipped = total.skipped > 0 ? `, ${total.skipped} skipped` : '';
console.log(`${total.passed} passed, ${total.failed} failed${skipped}`);
process.exit(total.failed > 0 ? 1 : 0);
