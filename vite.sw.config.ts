import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The service worker's build (`npm run build`, after the element's): `dist/embedded-chat-sw.js`, one classic
 * script with nothing to import, so a host can `importScripts()` it from its own origin. Runs after
 * `vite.config.ts`, which empties `dist/`; this one must not.
 */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    lib: {
      entry: fileURLToPath(new URL('./widget/features/push/embedded-chat-sw.ts', import.meta.url)),
      formats: ['iife'],
      name: 'embeddedChatServiceWorker',
      fileName: () => 'embedded-chat-sw.js',
    },
    rolldownOptions: { output: { minify: true } },
  },
});
