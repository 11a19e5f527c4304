import type { TestRunnerPlugin } from '@web/test-runner';
import type { PlaywrightLauncher } from '@web/test-runner-playwright';

/** Commands a browser test sends to fail its own page's requests, as a network that drops them would. */
export const NETWORK_COMMANDS = {
  /** `{pattern}`: every request whose URL matches the glob fails (net::ERR_FAILED) until unblocked. */
  block: 'network-block',
  unblock: 'network-unblock',
} as const;

/** Runs the network commands against the test page through Playwright's routing. */
export function networkCommandsPlugin(): TestRunnerPlugin {
  return {
    name: 'network-commands',
    async executeCommand({ command, payload, session }) {
      const pattern = (payload as { pattern?: string } | undefined)?.pattern;
      if (command !== NETWORK_COMMANDS.block && command !== NETWORK_COMMANDS.unblock) return undefined;
      if (!pattern) throw new Error(`unable to run ${command}; give a URL pattern`);
      const page = (session.browser as PlaywrightLauncher).getPage(session.id);
      if (command === NETWORK_COMMANDS.block) await page.route(pattern, (route) => route.abort());
      else await page.unroute(pattern);
      return true;
    },
  };
}
