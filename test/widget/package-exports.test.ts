import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
};

describe('package exports', () => {
  it('lists the main entry, define and the agent helper, types first, each pointing at a built file', () => {
    expect(Object.keys(pkg.exports)).toEqual(['.', './define', './agent', './custom-elements.json']);
    for (const key of ['.', './define', './agent']) {
      const target = pkg.exports[key] as Record<string, string>;
      expect(Object.keys(target)[0]).toBe('types');
      // `npm test` builds first; the files must be where the map says.
      for (const file of Object.values(target)) expect(existsSync(`${root}${file}`), file).toBe(true);
    }
  });
});
