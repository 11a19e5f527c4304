import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELEMENT_REFERENCE, elementReferenceText } from './element-reference-file.js';

/** `npm run docs`: writes docs/element.md from the built manifest (run `npm run build` first). */
const root = fileURLToPath(new URL('../..', import.meta.url));
elementReferenceText(root).then(
  async (text) => {
    await writeFile(join(root, ELEMENT_REFERENCE), text);
    console.log(`docs: wrote ${ELEMENT_REFERENCE}`);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
