import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

interface TestResult {
  passed: boolean;
  skipped: boolean;
}

interface SuiteResult {
  tests: TestResult[];
  suites: SuiteResult[];
}

interface Session {
  passed?: boolean;
  testResults?: SuiteResult;
}

/**
 * A web-test-runner reporter that writes `{passed, failed, skipped}` to a JSON file, so `.ci/summarize.mjs`
 * can add the browser tests to the total (wtr prints no machine-readable count of its own).
 */
export function summaryReporter(file: string) {
  return {
    onTestRunFinished({ sessions }: { sessions: Session[] }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const visit = (suite: SuiteResult) => {
        for (const test of suite.tests) {
          if (test.skipped) counts.skipped++;
          else if (test.passed) counts.passed++;
          else counts.failed++;
        }
        suite.suites.forEach(visit);
      };
      for (const session of sessions) {
        const before = counts.passed + counts.failed;
        if (session.testResults) visit(session.testResults);
        // A file that failed to load or threw outside a test has no failing test to count.
        if (session.passed === false && counts.failed === 0 && counts.passed + counts.failed === before) {
          counts.failed++;
        }
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(counts));
    },
  };
}
