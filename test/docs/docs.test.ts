import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../server/backend/config.js';
import { ErrorCode } from '../../server/backend/errors.js';
import { ELEMENT_REFERENCE, elementReferenceText } from './element-reference-file.js';
import { brokenCitations, danglingLinks, type Problem } from './references.js';
import { isText, repositoryAt, repositoryFiles } from './repository-files.js';
import { codesDocumented, routesDeclared, variablesDocumented, variablesRead } from './surfaces.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const repo = repositoryAt(root);
const files = repositoryFiles(root);
const text = (path: string) => repo.read(path) ?? '';

const report = (problems: Problem[]) => problems.map((p) => `${p.file}:${p.line}: ${p.message}`);

describe('the docs', () => {
  it('link only to files and headings that exist in the repository', () => {
    const problems = files
      .filter((file) => file.endsWith('.md'))
      .flatMap((file) => danglingLinks(file, text(file), repo));
    expect(report(problems)).toEqual([]);
  });

  it('resolve every § reference to a numbered section, and cite no document outside the repository', () => {
    const problems = files
      // The checker's own tests carry broken citations on purpose.
      .filter((file) => isText(file) && !file.startsWith('test/docs/'))
      .flatMap((file) => brokenCitations(file, text(file), repo));
    expect(report(problems)).toEqual([]);
  });

  it('list every environment variable the code reads in docs/configuration.md, and no other', () => {
    const read = new Set(Object.keys(envSchema.shape));
    for (const file of files) {
      if (!/\.(?:ts|mjs|js)$/.test(file) || file.endsWith('.test.ts') || file.startsWith('test/docs/'))
        continue;
      const main = /^server\/(?:.*\/)?(?:[\w-]+-)?main\.ts$/.test(file);
      for (const name of variablesRead(text(file), main)) read.add(name);
    }
    const documented = variablesDocumented(text('docs/configuration.md'));
    expect([...read].filter((name) => !documented.has(name)).sort(), 'read but undocumented').toEqual([]);
    expect([...documented].filter((name) => !read.has(name)).sort(), 'documented but read nowhere').toEqual(
      [],
    );
  });

  it('list every backend route and error code in docs/http-api.md', () => {
    const api = text('docs/http-api.md');
    const routes = [
      ...routesDeclared(text('server/backend/app.ts'), 'app', ''),
      ...files
        .filter((file) => file.startsWith('server/backend/routes/'))
        .flatMap((file) => routesDeclared(text(file), 'router', '/api')),
    ];
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((route) => !api.includes(route))).toEqual([]);
    const codes = new Set(Object.values(ErrorCode).filter((v): v is number => typeof v === 'number'));
    const documented = codesDocumented(api);
    expect(
      [...codes].filter((code) => !documented.has(code)),
      'undocumented codes',
    ).toEqual([]);
    expect(
      [...documented].filter((code) => !codes.has(code)),
      'documented codes that are gone',
    ).toEqual([]);
  });

  it(`keep ${ELEMENT_REFERENCE} as npm run docs writes it from the built manifest`, async () => {
    const expected = await elementReferenceText(root);
    expect(
      readFileSync(`${root}/${ELEMENT_REFERENCE}`, 'utf8') === expected,
      `${ELEMENT_REFERENCE} is out of date: run npm run build && npm run docs`,
    ).toBe(true);
  });

  it('keep the README a front page (at most 200 lines)', () => {
    expect(text('README.md').trimEnd().split('\n').length).toBeLessThanOrEqual(200);
  });
});
