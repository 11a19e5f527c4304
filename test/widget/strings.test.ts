import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ar } from '../../widget/i18n/ar.js';
import { en } from '../../widget/i18n/en.js';
import { es } from '../../widget/i18n/es.js';
import type { Strings } from '../../widget/i18n/strings.js';

/** Every key of `Strings`; the type below stops compiling when `strings.ts` gains a key missing here. */
const KEYS = [
  'messages',
  'message',
  'send',
  'placeholder',
  'typing',
  'here',
  'online',
  'away',
  'you',
  'today',
  'yesterday',
  'edited',
  'deleted',
  'seenBy',
  'newMessages',
  'jumpToLatest',
  'loadingOlder',
  'startOfConversation',
  'actions',
  'react',
  'edit',
  'delete',
  'confirmDelete',
  'deleteAction',
  'cancel',
  'save',
  'retry',
  'sending',
  'notSent',
  'editing',
  'escToCancel',
  'reactionChip',
  'addReaction',
  'roomReaction',
  'participants',
  'participantsCount',
  'close',
  'readOnly',
  'closed',
  'empty',
  'connecting',
  'reconnecting',
  'offline',
  'failed',
  'unableToOpen',
  'errors',
  'roles',
  'notify',
  'notifyBlocked',
  'loading',
] as const satisfies readonly (keyof Strings)[];
type Missing = Exclude<keyof Strings, (typeof KEYS)[number]>;
const allKeysListed: [Missing] extends [never] ? true : Missing = true;

const TABLES: [string, Strings][] = [
  ['en', en],
  ['ar', ar],
  ['es', es],
];

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
  it('lists every key of Strings in this test', () => {
    expect(allKeysListed).toBe(true);
  });

  it.each(TABLES)('%s has every key of Strings, and no other', (_lang, table) => {
    expect(Object.keys(table).sort()).toEqual([...KEYS].sort());
  });

  it.each(TABLES)('%s has the same typing forms, error kinds and roles as English', (_lang, table) => {
    for (const group of ['typing', 'errors', 'roles'] as const) {
      expect(Object.keys(table[group]).sort()).toEqual(Object.keys(en[group]).sort());
    }
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
