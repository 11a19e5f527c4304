// Sums the results every test runner wrote to test-results/ and prints "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let runners = 0;

const vitest = 'test-results/vitest.json';
if (existsSync(vitest)) {
  const report = JSON.parse(readFileSync(vitest, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A file that fails to load has no failed tests, only a failed suite.
  if (!report.success && report.numFailedTests === 0) failed += Math.max(1, report.numFailedTestSuites);
  runners++;
}

const e2e = 'test-results/vitest-e2e.json';
if (existsSync(e2e)) {
  const report = JSON.parse(readFileSync(e2e, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  if (!report.success && report.numFailedTests === 0) failed += Math.max(1, report.numFailedTestSuites);
}

const wtr = 'test-results/wtr.json';
if (existsSync(wtr)) {
  const report = JSON.parse(readFileSync(wtr, 'utf8'));
  passed += report.passed;
  failed += report.failed;
  runners++;
}

// lint and typecheck, written by .ci/run (not a test runner: a missing runner still counts as a failure).
const checks = 'test-results/checks.json';
if (existsSync(checks)) {
  const report = JSON.parse(readFileSync(checks, 'utf8'));
  passed += report.passed;
  failed += report.failed;
}

if (runners === 0) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
