import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { writeFileSync, readFileSync, readdirSync } from 'node:fs';
const shim = new URL('../widget/session/ably-shim.ts', import.meta.url).pathname;
const variants = {
  all: ['WebSocketTransport','XHRPolling','FetchRequest','RealtimePresence','Rest'],
  noXhr: ['WebSocketTransport','FetchRequest','RealtimePresence','Rest'],
  noPresence: ['WebSocketTransport','FetchRequest','Rest'],
  noRest: ['WebSocketTransport','FetchRequest','RealtimePresence'],
  minimal: ['WebSocketTransport','FetchRequest'],
};
for (const [name, plugins] of Object.entries(variants)) {
  for (const withChat of [false, true]) {
    const src = `import { BaseRealtime, ${plugins.join(', ')} } from 'ably/modular';\n` +
      (withChat ? `import { ChatClient } from '@ably/chat';\n` : '') +
      `const r = new BaseRealtime({ key: 'a.b:c', plugins: { ${plugins.join(', ')} } });\n` +
      (withChat ? `window.c = new ChatClient(r);\n` : `window.r = r;\n`);
    writeFileSync('.scratch/entry.js', src);
    await build({ configFile: false, logLevel: 'silent', resolve: { alias: [{ find: /^ably$/, replacement: shim }] },
      build: { outDir: '.scratch/out', emptyOutDir: true, lib: { entry: '.scratch/entry.js', formats: ['es'], fileName: () => 'x.js' }, rolldownOptions: { output: { minify: true } } } });
    const code = readFileSync('.scratch/out/x.js');
    console.log(name.padEnd(12), withChat ? '+chat' : '     ', (gzipSync(code, { level: 9 }).length / 1024).toFixed(1), 'KB');
  }
}
