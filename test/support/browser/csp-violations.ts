/**
 * Browser-side handle on `csp-violations-plugin.ts`: the Content Security Policy violations of this page and
 * its frames, as DevTools saw them from the first byte.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { waitFor } from './chat-stack.js';
import { CSP_COMMANDS, type CspViolation } from './csp-violations-commands.js';

export type { CspViolation };

export interface CspWatch {
  /**
   * Every violation so far, once DevTools has reported all of them: a canary violation (an image from
   * 127.0.0.1:9, which the policy of `doc` must refuse) is made in `doc` and waited for — DevTools reports in
   * order, so what came before it is in — and left out of the answer. Stops watching.
   */
  collect(doc: Document): Promise<CspViolation[]>;
}

/** Starts watching; call before the documents to judge are created. */
export async function watchCspViolations(): Promise<CspWatch> {
  await executeServerCommand(CSP_COMMANDS.watch);
  return {
    async collect(doc) {
      const canary = `http://127.0.0.1:9/csp-canary-${crypto.randomUUID()}.png`;
      const img = doc.createElement('img');
      img.src = canary;
      doc.body.append(img);
      const violations = await waitFor(
        async () => {
          const all = await executeServerCommand<CspViolation[], unknown>(CSP_COMMANDS.list);
          return all.some((v) => v.blockedUrl === canary) ? all : undefined;
        },
        { what: 'DevTools to report the canary violation' },
      );
      await executeServerCommand(CSP_COMMANDS.stop);
      img.remove();
      return violations.filter((v) => v.blockedUrl !== canary);
    },
  };
}
