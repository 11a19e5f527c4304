import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ar } from '../../widget/i18n/ar.js';
import { en } from '../../widget/i18n/en.js';
import { es } from '../../widget/i18n/es.js';
import type { Strings } from '../../widget/i18n/strings.js';

/** English is the reference: `en: Strings` has exactly the keys of `Strings` (the compiler holds it to that). */
const KEYS = Object.keys(en) as (keyof Strings)[];

const TABLES: [string, Strings][] = [
  ['en', en],
  ['ar', ar],
  ['es', es],
];

/**
 * Keys the element does not use, each with its reason. Exact: a key the element uses again fails the test
 * until it leaves this list.
 */
const UNUSED: Partial<Record<keyof Strings, string>> = {};

/** The element's source, the string tables aside. */
const WIDGET = fileURLToPath(new URL('../../widget/', import.meta.url));
const source = readdirSync(WIDGET, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !/^i18n[/\\](en|ar|es|strings)\.ts$/.test(file))
  .map((file) => readFileSync(join(WIDGET, file), 'utf8'))
  .join('\n');

/** Every key path of a table, nested groups (typing forms, error kinds, roles) included. */
function paths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, v]) =>
    typeof v === 'object' && v !== null ? paths(v, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** Arguments a string function may get: names (maybe empty or odd), or formatted counts. */
const argument = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.nat({ max: 1_000_000 }).map(String),
);

/** Every string a value yields: itself, each field of an object, or a function's result for `args`. */
function texts(value: unknown, args: unknown[]): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return texts((value as (...a: unknown[]) => unknown)(...args), args);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap((v) => texts(v, args));
  return [`<not a string: ${String(value)}>`];
}

describe('locale tables', () => {
  it.each(TABLES)('%s has exactly the keys of English, in every group', (_lang, table) => {
    expect(paths(table).sort()).toEqual(paths(en).sort());
  });

  it('has no string the element does not use, but those listed with a reason', () => {
    // The element reads its strings as `s.<key>` or `<…>.strings.<key>`.
    const unused = KEYS.filter((key) => !new RegExp(`(\\bs|strings)\\??\\.${key}\\b`).test(source));
    expect(unused.sort()).toEqual(Object.keys(UNUSED).sort());
  });

  it('gives a non-empty string for every key of every table, whatever the arguments', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TABLES),
        fc.constantFrom(...KEYS),
        fc.nat({ max: 1_000_000 }),
        argument,
        argument,
        ([lang, table], key, n, a, b) => {
          // Functions take (n, formatted) for counts and (name…) otherwise; both shapes are exercised.
          for (const args of [
            [n, String(n)],
            [a, b, a],
          ]) {
            for (const text of texts(table[key], args)) {
              expect(text.trim(), `${lang}.${key}(${JSON.stringify(args)})`).not.toBe('');
              expect(text, `${lang}.${key}`).not.toMatch(/\[object Object\]|<not a string/);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each(TABLES)(
    '%s has a text for an empty conversation and a refusal without a name or reason',
    (_lang, table) => {
      for (const text of [table.empty(undefined), table.errors.rejected(undefined)]) {
        expect(text.trim()).not.toBe('');
        expect(text).not.toContain('undefined');
      }
    },
  );
});
