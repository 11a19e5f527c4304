import type { TestRunnerPlugin } from '@web/test-runner';
import type { PlaywrightLauncher } from '@web/test-runner-playwright';
import type { CDPSession } from 'playwright-core';
import { CSP_COMMANDS, type CspViolation } from './csp-violations-commands.js';

interface CspIssueDetails {
  violatedDirective: string;
  contentSecurityPolicyViolationType: string;
  blockedURL?: string;
  sourceCodeLocation?: { url: string; lineNumber: number; columnNumber: number };
}

/**
 * Collects the Content Security Policy violations of a test's page — its frames included, from the first
 * byte of each document — as DevTools' `Audits` domain reports them. A `securitypolicyviolation` listener
 * added by the page only hears what happens after it is added, and never what the parser refused.
 */
export function cspViolationsPlugin(): TestRunnerPlugin {
  const watches = new Map<string, { cdp: CDPSession; violations: CspViolation[] }>();
  const stop = async (sessionId: string) => {
    const watch = watches.get(sessionId);
    watches.delete(sessionId);
    await watch?.cdp.detach();
  };
  return {
    name: 'csp-violations',
    async executeCommand({ command, session }) {
      switch (command) {
        case CSP_COMMANDS.watch: {
          await stop(session.id);
          const page = (session.browser as PlaywrightLauncher).getPage(session.id);
          const cdp = await page.context().newCDPSession(page);
          const violations: CspViolation[] = [];
          cdp.on('Audits.issueAdded', ({ issue }) => {
            const details = issue.details.contentSecurityPolicyIssueDetails as CspIssueDetails | undefined;
            if (!details) return;
            const at = details.sourceCodeLocation;
            violations.push({
              directive: details.violatedDirective,
              kind: details.contentSecurityPolicyViolationType,
              ...(details.blockedURL ? { blockedUrl: details.blockedURL } : {}),
              ...(at ? { source: `${at.url}:${at.lineNumber + 1}:${at.columnNumber + 1}` } : {}),
            });
          });
          await cdp.send('Audits.enable');
          watches.set(session.id, { cdp, violations });
          return true;
        }
        case CSP_COMMANDS.list:
          return watches.get(session.id)?.violations ?? [];
        case CSP_COMMANDS.stop:
          await stop(session.id);
          return true;
        default:
          return undefined; // not ours
      }
    },
  };
}
