import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { writeFileSync, readFileSync } from 'node:fs';
const variants = {
  litElement: `import { LitElement, html, css } from 'lit'; class X extends LitElement { static styles = css\`:host{}\`; render(){ return html\`<p>\${1}</p>\`; } } customElements.define('x-x', X);`,
  litHtmlOnly: `import { html, render } from 'lit-html'; render(html\`<p>\${1}</p>\`, document.body);`,
  litElementRepeat: `import { LitElement, html, css } from 'lit'; import { repeat } from 'lit/directives/repeat.js'; import { guard } from 'lit/directives/guard.js'; class X extends LitElement { static styles = css\`:host{}\`; render(){ return html\`\${repeat([1],i=>i,i=>guard([i],()=>html\`<p>\${i}</p>\`))}\`; } } customElements.define('x-x', X);`,
};
for (const [name, src] of Object.entries(variants)) {
  writeFileSync('.scratch/entry.js', src);
  await build({ configFile: false, logLevel: 'silent', resolve: { conditions: ['production'] },
    build: { outDir: '.scratch/out', emptyOutDir: true, lib: { entry: '.scratch/entry.js', formats: ['es'], fileName: () => 'x.js' }, rolldownOptions: { output: { minify: true } } } });
  const code = readFileSync('.scratch/out/x.js');
  console.log(name.padEnd(18), (gzipSync(code, { level: 9 }).length / 1024).toFixed(2), 'KB');
}
