import { describe, expect, it } from 'vitest';
import { summarize, type Session } from './summary-reporter.js';

const suite = (...tests: { passed: boolean; skipped?: boolean }[]) => ({
  tests: tests.map((t) => ({ skipped: false, ...t })),
  suites: [],
});

describe('the browser summary', () => {
  it('counts passed, failed and skipped tests through nested suites', () => {
    const session: Session = {
      testFile: 'a.browser.test.ts',
      passed: false,
      testResults: {
        tests: [{ passed: true, skipped: false }],
        suites: [suite({ passed: false }, { passed: false, skipped: true }, { passed: true })],
      },
    };
    expect(summarize([session])).toEqual({ passed: 2, failed: 1, skipped: 1, outsideTests: [] });
  });

  it('counts a failing after hook when every test passed', () => {
    const session: Session = {
      testFile: 'b.browser.test.ts',
      passed: false,
      errors: [{ message: '"after all" hook: unable to stop the stack' }],
      testResults: suite({ passed: true }, { passed: true }),
    };
    expect(summarize([session])).toEqual({
      passed: 2,
      failed: 1,
      skipped: 0,
      outsideTests: ['b.browser.test.ts: "after all" hook: unable to stop the stack'],
    });
  });

  it('counts every error outside a test, beside the failing tests of the same file', () => {
    const session: Session = {
      testFile: 'c.browser.test.ts',
      passed: false,
      errors: [{ message: 'Uncaught TypeError: x is undefined' }, {}],
      testResults: suite({ passed: false }),
    };
    const { failed, outsideTests } = summarize([session]);
    expect(failed).toBe(3);
    expect(outsideTests).toEqual([
      'c.browser.test.ts: Uncaught TypeError: x is undefined',
      'c.browser.test.ts: unknown error',
    ]);
  });

  it('counts a file that failed without a test or an error, and not one that passed', () => {
    const sessions: Session[] = [
      { testFile: 'd.browser.test.ts', passed: false },
      { testFile: 'e.browser.test.ts', passed: true, testResults: suite({ passed: true }) },
    ];
    expect(summarize(sessions)).toEqual({
      passed: 1,
      failed: 1,
      skipped: 0,
      outsideTests: ['d.browser.test.ts: failed without a failing test or an error'],
    });
  });
});
