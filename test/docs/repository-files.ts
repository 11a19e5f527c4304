import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Repository } from './references.js';

/** Folders that are not the repository's own text: dependencies, builds, data, results. */
const SKIPPED_DIRECTORIES = new Set([
  '.git',
  'node_modules',
  'dist',
  '.data',
  'test-results',
  'bench-results',
  'coverage',
]);

/** Files read as text; others (images, databases) are only there to be linked to. */
const TEXT = /\.(?:ts|mts|js|mjs|cjs|json|md|html|css|ya?ml|sh|txt)$|^\.ci\/[^/.]+$/;

/** The repository's files as POSIX paths relative to `root`, text and binary alike, sorted. */
export function repositoryFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = prefix + entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(join(dir, entry.name), `${path}/`);
      } else if (entry.isFile()) found.push(path);
    }
  };
  walk(root, '');
  return found.sort();
}

/** Whether the docs check reads a file as text. */
export function isText(path: string): boolean {
  return TEXT.test(path) && path !== 'package-lock.json';
}

/** The repository seen from `root`, for the checks; texts are read once. */
export function repositoryAt(root: string): Repository {
  const texts = new Map<string, string | undefined>();
  return {
    exists: (path) => existsSync(join(root, path)),
    read: (path) => {
      if (!texts.has(path)) {
        const full = join(root, path);
        texts.set(path, existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined);
      }
      return texts.get(path);
    },
  };
}
