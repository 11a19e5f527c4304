import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';

const shim = fileURLToPath(new URL('./widget/session/ably-shim.ts', import.meta.url));
const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The view module, as the loader imports it (from the chat's folder and from the inbox's). */
const VIEW_IMPORT = /^\.\.?\/(?:chat\/)?embedded-chat-view\.js$/;
/** The launcher's chunk, as `<embedded-chat-launcher>` imports it. */
const LAUNCHER_IMPORT = /^\.\/launcher-view\.js$/;

/**
 * The element's build (`npm run build`), in four passes over `dist/`:
 * 1. the chat — `chunks/embedded-chat-view-*.js` (the first conversation: SDKs, Lit and the element), the chunk
 *    it loads after its first paint, the locales, "notify me" and the inbox (`embedded-chat-inbox-view-*`, loaded
 *    through the view so both share one copy of the SDKs and Lit) — content-hashed;
 * 2. the closed launcher, `chunks/embedded-chat-launcher-*.js`: one file the loader imports when the page has an
 *    `<embedded-chat-launcher>` — the button, its badge and the unread stream, without the SDKs or Lit;
 * 3. then `embedded-chat.js`, the small loader: one file with nothing to import statically, so it runs as a
 *    module or as a classic script; its dynamic imports point at the files of passes 1 and 2. The few modules
 *    they share (the error event, the backend client) are compiled into each, so none waits on another.
 * 4. then `embedded-chat.eager.js`: the loader's elements and the chat chunk in one module, for pages whose chat
 *    shows as they open (no second download after the loader's), with its own copies of the chunks loaded later
 *    under `chunks/eager/` (they import the chat from that file, so they cannot be pass 1's).
 * `ably` is aliased to a shim over `ably/modular` so only the plugins the element uses are bundled.
 */
export default defineConfig({
  ...shared(),
  plugins: [...shared().plugins, buildLoaderAfter()],
  build: {
    ...shared().build,
    emptyOutDir: true,
    lib: { entry: src('./widget/chat/embedded-chat-view.ts'), formats: ['es'] },
    rolldownOptions: {
      preserveEntrySignatures: 'allow-extension',
      output: {
        format: 'es',
        entryFileNames: 'chunks/embedded-chat-view-[hash].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        minify: true,
      },
    },
  },
});

/** What both passes share: the alias, template minification, target and source maps. */
function shared(): InlineConfig & { plugins: Plugin[]; build: NonNullable<InlineConfig['build']> } {
  return {
    configFile: false,
    publicDir: false,
    logLevel: 'warn',
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
      target: 'es2022',
      modulePreload: false,
      sourcemap: true,
      reportCompressedSize: false,
    },
  };
}

/** Pass 2: once the chat's files are written, builds the loader against the view's hashed file name. */
function buildLoaderAfter(): Plugin {
  let viewFile: string | undefined;
  return {
    name: 'embedded-chat-loader',
    apply: 'build',
    generateBundle(_options, bundle) {
      viewFile = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry)?.fileName;
    },
    async closeBundle() {
      if (!viewFile) throw new Error('unable to build the loader; the chat build wrote no view chunk');
      const view = `./${viewFile}`;
      const launcher = await buildLauncher(viewFile);
      const base = shared();
      await build({
        ...base,
        plugins: [
          ...base.plugins,
          {
            name: 'embedded-chat-view-import',
            enforce: 'pre',
            resolveId: (id) =>
              VIEW_IMPORT.test(id)
                ? { id: view, external: true }
                : LAUNCHER_IMPORT.test(id)
                  ? { id: `./${launcher}`, external: true }
                  : undefined,
          },
        ],
        build: {
          ...base.build,
          emptyOutDir: false,
          // Library mode: no preload helper (it would put import.meta into the loader).
          lib: { entry: src('./widget/loader.ts'), formats: ['es'] },
          rolldownOptions: {
            preserveEntrySignatures: false,
            output: { format: 'es', entryFileNames: 'embedded-chat.js', minify: true },
          },
        },
      });
      await buildEager();
    },
  };
}

/** Pass 4: the eager entry, the loader's elements with the chat (and its later chunks under chunks/eager/). */
function buildEager() {
  const base = shared();
  return build({
    ...base,
    build: {
      ...base.build,
      emptyOutDir: false,
      lib: { entry: src('./widget/eager.ts'), formats: ['es'] },
      rolldownOptions: {
        preserveEntrySignatures: 'allow-extension',
        // The elements' import() of the chat finds it in this file: that is the point, not a mistake to warn of.
        checks: { ineffectiveDynamicImport: false },
        output: {
          format: 'es',
          entryFileNames: 'embedded-chat.eager.js',
          chunkFileNames: 'chunks/eager/[name]-[hash].js',
          minify: true,
        },
      },
    },
  });
}

/** Pass 2: the closed launcher's chunk, self-contained; answers its file name. */
async function buildLauncher(view: string): Promise<string> {
  let file: string | undefined;
  const base = shared();
  await build({
    ...base,
    plugins: [
      ...base.plugins,
      {
        // The launcher prefetches the view when the pointer reaches its button; both are in chunks/.
        name: 'embedded-chat-launcher-view-import',
        enforce: 'pre',
        resolveId: (id) => (VIEW_IMPORT.test(id) ? { id: `./${basename(view)}`, external: true } : undefined),
      },
      {
        name: 'embedded-chat-launcher-file',
        generateBundle(_options, bundle) {
          file = Object.values(bundle).find((f) => f.type === 'chunk' && f.isEntry)?.fileName;
        },
      },
    ],
    build: {
      ...base.build,
      emptyOutDir: false,
      lib: { entry: src('./widget/launcher/launcher-view.ts'), formats: ['es'] },
      rolldownOptions: {
        preserveEntrySignatures: 'allow-extension',
        output: { format: 'es', entryFileNames: 'chunks/embedded-chat-launcher-[hash].js', minify: true },
      },
    },
  });
  if (!file) throw new Error('unable to build the loader; the launcher build wrote no chunk');
  return file;
}
