import { fileURLToPath } from 'node:url';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';
import { defineConfig, type Plugin } from 'vite';

const shim = fileURLToPath(new URL('./widget/session/ably-shim.ts', import.meta.url));

/**
 * The element's build (`npm run build`): `dist/embedded-chat.js` is the small loader (no static imports, so
 * it runs as a module or a classic script); the chat itself is split into content-hashed `dist/chunks/*`,
 * imported when an element nears the viewport. `ably` is aliased to a shim over `ably/modular`
 * (TOOLCHAIN "The widget bundle").
 */
export default defineConfig({
  publicDir: false,
  // Lit's html`` and css`` templates keep their whitespace through the JS minifier; this collapses them.
  plugins: [
    {
      ...(minifyTemplateLiterals({
        include: 'widget/**',
        failOnError: true,
        // SVG in svg`` templates needs its self-closing slashes.
        options: { minifyOptions: { keepClosingSlash: true } },
      }) as Plugin),
      enforce: 'post',
    },
  ],
  resolve: { alias: [{ find: /^ably$/, replacement: shim }] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    sourcemap: true,
    reportCompressedSize: false,
    // Library mode: no preload helper (it would put import.meta into the loader).
    lib: { entry: fileURLToPath(new URL('./widget/loader.ts', import.meta.url)), formats: ['es'] },
    rolldownOptions: {
      preserveEntrySignatures: false,
      output: {
        format: 'es',
        entryFileNames: 'embedded-chat.js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        minify: true,
      },
    },
  },
});
