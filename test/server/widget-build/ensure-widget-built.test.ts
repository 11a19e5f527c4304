import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureWidgetBuilt, needsBuild } from '../../../server/widget-build/ensure-widget-built.js';

describe('needsBuild', () => {
  it.each<[string, number | undefined, number[], boolean]>([
    ['nothing is built and there are no sources', undefined, [], true],
    ['nothing is built', undefined, [1, 2], true],
    ['the build is newer than every source', 100, [50, 99], false],
    ['a source has the build’s exact time', 100, [100], false],
    ['there are no sources', 100, [], false],
    ['one source is newer than the build', 100, [50, 101, 20], true],
  ])('answers correctly when %s', (_case, distMtime, sourceMtimes, expected) => {
    expect(needsBuild(distMtime, sourceMtimes)).toBe(expected);
  });
});

const repos: string[] = [];
afterEach(() => repos.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const T = 1_700_000_000; // seconds

/** A repository with files at the given mtimes (seconds). */
function repo(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'embedded-chat-build-'));
  repos.push(root);
  for (const [path, mtime] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), mtime, mtime);
  }
  return root;
}

/** A build command that writes the loader (relative to its working directory) and exits 0. */
const WRITES_LOADER = [
  process.execPath,
  '-e',
  "require('fs').mkdirSync('dist',{recursive:true});require('fs').writeFileSync('dist/embedded-chat.js','')",
];
const FAILS = [process.execPath, '-e', 'process.exit(3)'];

async function ensure(root: string, command: string[]) {
  const lines: string[] = [];
  const outcome = await ensureWidgetBuilt({ repoRoot: root, command, log: (line) => lines.push(line) });
  return { outcome, lines };
}

describe('ensureWidgetBuilt', () => {
  it('runs the build in the repository when dist/embedded-chat.js is missing', async () => {
    const root = repo({ 'widget/embedded-chat.ts': T });
    const { outcome, lines } = await ensure(root, WRITES_LOADER);
    expect(outcome).toBe('built');
    expect(lines[0]).toMatch(/^embedded-chat: building the element \(dist\/embedded-chat\.js is missing\): /);
    expect(lines[1]).toBe('embedded-chat: element built (dist/embedded-chat.js)');
  });

  it('does not run the build when the loader is newer than every source', async () => {
    const root = repo({
      'widget/embedded-chat.ts': T,
      'widget/controllers/typing-controller.ts': T + 1,
      'package-lock.json': T,
      'dist/embedded-chat.js': T + 2,
    });
    expect(await ensure(root, FAILS)).toEqual({ outcome: 'fresh', lines: [] });
  });

  it.each(['widget/controllers/deep/typing-controller.ts', 'package-lock.json', 'vite.config.ts'])(
    'rebuilds and names the file when %s is newer than the loader',
    async (newer) => {
      const root = repo({ 'widget/embedded-chat.ts': T, 'dist/embedded-chat.js': T + 1, [newer]: T + 5 });
      const { outcome, lines } = await ensure(root, WRITES_LOADER);
      expect(outcome).toBe('built');
      expect(lines[0]).toContain(`(${newer} is newer than dist/embedded-chat.js)`);
    },
  );

  it('does nothing when there is no widget/ folder', async () => {
    const root = repo({ 'package-lock.json': T });
    expect(await ensure(root, FAILS)).toEqual({ outcome: 'no-sources', lines: [] });
  });

  it('rejects saying how to start anyway when the build fails', async () => {
    const root = repo({ 'widget/embedded-chat.ts': T });
    await expect(ensure(root, FAILS)).rejects.toThrow(
      /^unable to build the element; .* exited with code 3; fix the build, or set EMBEDDED_CHAT_SKIP_BUILD=1/,
    );
  });

  it('rejects when the build succeeds but writes no loader', async () => {
    const root = repo({ 'widget/embedded-chat.ts': T });
    await expect(ensure(root, [process.execPath, '-e', ''])).rejects.toThrow(
      /unable to build the element; .* wrote no dist\/embedded-chat\.js/,
    );
  });

  it('rejects when the build command cannot be started', async () => {
    const root = repo({ 'widget/embedded-chat.ts': T });
    await expect(ensure(root, [join(root, 'no-such-npm')])).rejects.toThrow(
      /unable to build the element; cannot run .*no-such-npm/,
    );
  });
});
