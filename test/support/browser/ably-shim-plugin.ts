import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestRunnerPlugin } from '@web/test-runner';

const SHIM_PATH = fileURLToPath(new URL('./ably-modular-shim.ts', import.meta.url));

/**
 * Resolves the bare specifier `ably` (ably's browser entry is UMD) to `ably-modular-shim.ts`,
 * for test files and for packages such as `@ably/chat` alike.
 *
 * @param rootDir - the test runner's `rootDir`; the shim is served relative to it.
 */
export function ablyShimPlugin(rootDir: string): TestRunnerPlugin {
  const shimUrl = `/${relative(rootDir, SHIM_PATH).split(sep).join('/')}`;
  return {
    name: 'ably-shim',
    resolveImport({ source }) {
      return source === 'ably' ? shimUrl : undefined;
    },
  };
}
