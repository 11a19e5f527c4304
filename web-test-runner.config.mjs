import { createServer } from 'node:net';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { tsImport } from 'tsx/esm/api';

/** Browser tests (`*.browser.test.ts`) in Debian chromium (docs/architecture.md §11); nothing downloads a browser. */
const rootDir = fileURLToPath(new URL('.', import.meta.url));

// The plugins are TypeScript (type-checked with the rest of test/); tsx loads them here.
const { ablyShimPlugin } = await tsImport('./test/support/browser/ably-shim-plugin.ts', import.meta.url);
const { ablyLocalCommandsPlugin } = await tsImport(
  './test/support/browser/ably-local-commands-plugin.ts',
  import.meta.url,
);
const { chatStackPlugin } = await tsImport('./test/support/browser/chat-stack-plugin.ts', import.meta.url);
const { agentDriverPlugin } = await tsImport(
  './test/support/browser/agent-driver-plugin.ts',
  import.meta.url,
);
const { pushStackPlugin } = await tsImport('./test/support/browser/push-stack-plugin.ts', import.meta.url);
const { networkCommandsPlugin } = await tsImport(
  './test/support/browser/network-commands-plugin.ts',
  import.meta.url,
);
const { cspViolationsPlugin } = await tsImport(
  './test/support/browser/csp-violations-plugin.ts',
  import.meta.url,
);
const { summaryReporter } = await tsImport('./test/support/browser/summary-reporter.ts', import.meta.url);

/**
 * The dev server's address: 127.0.0.1 on a port the system hands out. On `localhost:8000` (wtr's default, the
 * first free port from 8000 up) two runs on one machine can each find the port free on a different loopback
 * address (127.0.0.1 and ::1), and then one run's browser talks to the other's server.
 */
const hostname = '127.0.0.1';
const port = await new Promise((resolve, reject) => {
  const probe = createServer();
  probe.once('error', reject);
  probe.listen(0, hostname, () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});

export default {
  rootDir,
  hostname,
  port,
  files: ['test/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  reporters: [
    defaultReporter(),
    summaryReporter(fileURLToPath(new URL('./test-results/wtr.json', import.meta.url))),
  ],
  plugins: [
    ablyShimPlugin(rootDir),
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
    ablyLocalCommandsPlugin(),
    chatStackPlugin(),
    agentDriverPlugin(),
    pushStackPlugin(),
    networkCommandsPlugin(),
    cspViolationsPlugin(),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      },
    }),
  ],
  testFramework: { config: { timeout: 10_000 } },
  // A file's whole run, a guard against a hung page: the push files' steps each allow up to 40 s, and on a
  // machine whose CPU is taken by its neighbours their sum has passed wtr's default of 120 s.
  testsFinishTimeout: 240_000,
};
