import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { en } from '../../widget/i18n/en.js';
import { renderElementReference, type Manifest } from './element-reference.js';

/** The generated reference, checked in so it reads on a fresh clone; the docs check keeps it current. */
export const ELEMENT_REFERENCE = 'docs/element.md';

/**
 * The element reference as `npm run docs` writes it: from the manifest the package names (`customElements`
 * in package.json, written by `npm run build`) and the English strings, formatted as prettier formats docs.
 */
export async function elementReferenceText(root: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { customElements: string };
  const manifestPath = join(root, pkg.customElements);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  } catch (err) {
    throw new Error(`unable to read ${pkg.customElements}; run npm run build first (${String(err)})`);
  }
  const target = join(root, ELEMENT_REFERENCE);
  const options = (await resolveConfig(target)) ?? {};
  return format(renderElementReference(manifest, en), { ...options, filepath: target });
}
