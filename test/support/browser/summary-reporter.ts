import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

interface TestResult {
  passed: boolean;
  skipped: boolean;
}

interface SuiteResult {
  tests: TestResult[];
  suites: SuiteResult[];
}

/** What the reporter reads of a web-test-runner session (one test file in one browser). */
export interface Session {
  testFile: string;
  passed?: boolean;
  /** Failures outside a test: a hook, an uncaught error, a file that did not load or did not finish. */
  errors?: { message?: string }[];
  testResults?: SuiteResult;
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  /** `<file>: <message>` for each failure outside a test (each counted in `failed`). */
  outsideTests: string[];
}

/**
 * Counts the tests of every session; each failure outside a test counts as one failed, and so does a session
 * that failed without saying why, so a failing `after` hook or a late uncaught error never leaves
 * `failed: 0`.
 */
export function summarize(sessions: Session[]): Summary {
  const summary: Summary = { passed: 0, failed: 0, skipped: 0, outsideTests: [] };
  const visit = (suite: SuiteResult) => {
    for (const test of suite.tests) {
      if (test.skipped) summary.skipped++;
      else if (test.passed) summary.passed++;
      else summary.failed++;
    }
    suite.suites.forEach(visit);
  };
  for (const session of sessions) {
    const file = relative(process.cwd(), session.testFile);
    const failedBefore = summary.failed;
    if (session.testResults) visit(session.testResults);
    for (const error of session.errors ?? []) {
      summary.outsideTests.push(`${file}: ${error.message ?? 'unknown error'}`);
      summary.failed++;
    }
    if (session.passed === false && summary.failed === failedBefore) {
      summary.outsideTests.push(`${file}: failed without a failing test or an error`);
      summary.failed++;
    }
  }
  return summary;
}

/**
 * A web-test-runner reporter that writes {@link Summary} to a JSON file, so `.ci/summarize.mjs` can add the
 * browser tests to the total (wtr prints no machine-readable count of its own).
 */
export function summaryReporter(file: string) {
  return {
    onTestRunFinished({ sessions }: { sessions: Session[] }) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(summarize(sessions)));
    },
  };
}
