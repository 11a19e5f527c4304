import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentAr } from '../../widget/i18n/agent-ar.js';
import { agentEn } from '../../widget/i18n/agent-en.js';
import { agentEs } from '../../widget/i18n/agent-es.js';
import { filesAr } from '../../widget/i18n/files-ar.js';
import { filesEn } from '../../widget/i18n/files-en.js';
import { filesEs } from '../../widget/i18n/files-es.js';

/**
 * The strings of features loaded on demand, in tables of their own loaded with the feature: photos and files
 * (`FileStrings`) and agents' replies (`AgentStrings`). English first in each.
 */
const FEATURES: [string, [string, object][]][] = [
  [
    'files',
    [
      ['en', filesEn],
      ['ar', filesAr],
      ['es', filesEs],
    ],
  ],
  [
    'agent',
    [
      ['en', agentEn],
      ['ar', agentAr],
      ['es', agentEs],
    ],
  ],
];
const TABLES = FEATURES.flatMap(([feature, tables]) =>
  tables.map(([lang, table]) => [`${feature}-${lang}`, table, tables[0]![1]] as const),
);

/** Every key path of a table, the error kinds included. */
function paths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, v]) =>
    typeof v === 'object' && v !== null ? paths(v, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** Every string a value yields for `args`. */
function texts(value: unknown, args: string[]): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return texts((value as (...a: string[]) => unknown)(...args), args);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap((v) => texts(v, args));
  return [`<not a string: ${String(value)}>`];
}

const WIDGET = fileURLToPath(new URL('../../widget/', import.meta.url));
const source = readdirSync(WIDGET, { recursive: true, encoding: 'utf8' })
  .filter(
    (file) =>
      file.endsWith('.ts') &&
      !/^i18n[/\\](?:files|agent)-\w+\.ts$/.test(file) &&
      !file.endsWith('strings.ts'),
  )
  .map((file) => readFileSync(join(WIDGET, file), 'utf8'))
  .join('\n');

describe('feature string tables', () => {
  it.each(TABLES)(
    '%s has exactly the keys of the English table, error kinds included',
    (_lang, table, en) => {
      expect(paths(table).sort()).toEqual(paths(en).sort());
    },
  );

  it('are all used by the element', () => {
    const unused = FEATURES.flatMap(([, tables]) => paths(tables[0]![1])).filter(
      (path) => !source.includes(`.${path.split('.').pop()!}`),
    );
    expect(unused).toEqual([]);
  });

  it('give a non-empty string for every key, whatever the file names', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TABLES),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        ([lang, table], name) => {
          for (const text of texts(table, [name, name])) {
            expect(text.trim(), lang).not.toBe('');
            expect(text).not.toMatch(/\[object Object\]|<not a string/);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
