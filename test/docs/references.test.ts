import { describe, expect, it } from 'vitest';
import { brokenCitations, danglingLinks, type Repository } from './references.js';

const FILES: Record<string, string> = {
  'docs/architecture.md':
    '# Architecture\n\n## 3. Identity\n\n### 3.1 Tokens\n\n## 4. Push to offline participants\n',
  'server/ably-local/DESIGN.md': '# ably-local\n\n## 4. Channels\n\n### 4.1 Names\n\n### 4.3 Params\n',
  'docs/demo.png': '',
};
const repo: Repository = {
  exists: (path) => path in FILES || path === 'docs',
  read: (path) => FILES[path],
};
const messages = (problems: { message: string }[]) => problems.map((p) => p.message);

describe('danglingLinks', () => {
  it('accepts links to files, folders, headings and the web', () => {
    const md = [
      '![demo](demo.png) [arch](architecture.md#4-push-to-offline-participants) [docs](../docs/)',
      '[web](https://ably.com/docs) [self](#a) [ref]: ./architecture.md',
      '',
      '## A',
    ].join('\n');
    expect(danglingLinks('docs/guide.md', md, { ...repo, read: (p) => FILES[p] ?? md })).toEqual([]);
  });

  it('reports a missing file, a missing heading and a path out of the repository, with their lines', () => {
    const md = 'intro\n[x](missing.md) [y](architecture.md#5-nothing)\n[z](../../shared/DESIGN.md)';
    expect(danglingLinks('docs/guide.md', md, repo)).toEqual([
      { file: 'docs/guide.md', line: 2, message: 'missing.md: no such file docs/missing.md' },
      {
        file: 'docs/guide.md',
        line: 2,
        message: 'architecture.md#5-nothing: no heading #5-nothing in docs/architecture.md',
      },
      { file: 'docs/guide.md', line: 3, message: '../../shared/DESIGN.md: points outside the repository' },
    ]);
  });

  it('ignores links inside code', () => {
    expect(danglingLinks('README.md', '```md\n[x](nope.md)\n```\n`[y](nope.md)`', repo)).toEqual([]);
  });
});

describe('brokenCitations', () => {
  it('resolves paths, lists, ranges, ably-local DESIGN in its own area, RFCs and issues', () => {
    const code = [
      '// docs/architecture.md §3, §3.1 and §4',
      '// (`server/ably-local/DESIGN.md` §4.1–4.3) RFC 8292 §2, issue #11 §3',
    ].join('\n');
    expect(brokenCitations('server/backend/x.ts', code, repo)).toEqual([]);
    expect(brokenCitations('server/ably-local/core/x.ts', '// DESIGN §4.1, §4.3', repo)).toEqual([]);
    expect(brokenCitations('test/server/ably-local/x.test.ts', '// DESIGN §4', repo)).toEqual([]);
    const wrapped =
      '/**\n * Batch publish, DESIGN\n * §4.3. Races (issue #11\n * §2), and docs/architecture.md §3,\n * §3.1.\n */';
    expect(brokenCitations('server/ably-local/rest/x.ts', wrapped, repo)).toEqual([]);
  });

  it('reads a bare § in Markdown as the file itself', () => {
    const md = '# A\n\n## 1. One\n\nSee §1.';
    expect(
      brokenCitations('docs/a.md', md, { ...repo, read: (p) => (p === 'docs/a.md' ? md : FILES[p]) }),
    ).toEqual([]);
    expect(
      messages(brokenCitations('docs/a.md', 'See §2.', { ...repo, read: () => '# A\n## 1. One' })),
    ).toEqual(['docs/a.md has no section 2']);
  });

  it('reports sections that do not exist, range ends included', () => {
    expect(messages(brokenCitations('server/x.ts', '// docs/architecture.md §5 and §3.2', repo))).toEqual([
      'docs/architecture.md has no section 5',
      'docs/architecture.md has no section 3.2',
    ]);
    expect(messages(brokenCitations('server/ably-local/x.ts', '// DESIGN §4.1–4.2', repo))).toEqual([
      'server/ably-local/DESIGN.md has no section 4.2',
    ]);
  });

  it('reports a § that names no document, and DESIGN outside ably-local', () => {
    expect(messages(brokenCitations('server/backend/x.ts', '// (DESIGN §3)', repo))).toEqual([
      '"§3" names no document: write "docs/architecture.md §n" or another repository path',
    ]);
    expect(brokenCitations('server/backend/x.ts', '// see §3', repo)).toHaveLength(1);
  });

  it('reports documents outside the repository and README sections by name', () => {
    const lines = [
      '// wire §8.4',
      '// (STYLE §3.5)',
      '// (TOOLCHAIN "The widget bundle")',
      '// see /work/shared/TOOLCHAIN.md',
      '// (README "Moderation")',
      '// ably-wire.md §3',
      '// shared/UI.md',
      '// (DESIGN: UI "Message list")',
      '// nowhere.md §1',
    ];
    const problems = lines.map((line) => messages(brokenCitations('server/x.ts', line, repo)));
    for (const [index, found] of problems.entries()) expect(found, lines[index]).not.toEqual([]);
  });
});
