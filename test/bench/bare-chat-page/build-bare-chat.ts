import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The baseline page's script, relative to the folder {@link buildBareChat} returns. */
export const BARE_CHAT_FILE = 'bare-chat.js';

/**
 * Bundles `bare-chat.ts` (with `ably/modular` and `@ably/chat`) into a fresh temp folder with vite's JS API,
 * built the way vite.config.ts builds the element: `ably` aliased to the same kind of shim, ES2022, one ES
 * module, minified. Resolves with the folder.
 */
export async function buildBareChat(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'embedded-chat-bare-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    resolve: {
      alias: [{ find: /^ably$/, replacement: fileURLToPath(new URL('./ably-shim.ts', import.meta.url)) }],
    },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      modulePreload: false,
      sourcemap: false,
      reportCompressedSize: false,
      lib: {
        entry: fileURLToPath(new URL('./bare-chat.ts', import.meta.url)),
        formats: ['es'],
        fileName: () => BARE_CHAT_FILE,
      },
      rolldownOptions: { output: { format: 'es', minify: true } },
    },
  });
  return outDir;
}
