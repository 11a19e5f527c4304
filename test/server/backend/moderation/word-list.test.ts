import { describe, expect, it } from 'vitest';
import { DEFAULT_WORDS } from '../../../../server/backend/moderation/default-words.js';
import {
  compileWordList,
  normaliseForWords,
  parseWordListFile,
} from '../../../../server/backend/moderation/word-list.js';

const list = compileWordList(['shit', 'ass', 'piss off', 'crème', 'a.b']);

describe('compileWordList', () => {
  it.each([
    ['shit happens', 'shit'],
    ['SHIT', 'shit'],
    ['sh1t', 'shit'],
    ['$hit', 'shit'],
    ['shiiiit', 'shiiiit'],
    ['s h i t', 'shit'],
    ['s.h.i.t!', 'shit'],
    ['what an ass', 'ass'],
    ['a$$', 'ass'],
    ['just piss off', 'piss off'],
    ['piss   off', 'piss   off'],
    ['piss-off', 'piss-off'],
    ['creme brulee', 'creme'],
    ['CRÈME', 'creme'],
    ['a.b', 'a.b'],
  ])('finds %j', (text, found) => {
    expect(list.find(text)).toBe(found);
  });

  it.each([['class act'], ['assess the damage'], ['shitake'], ['pissed'], ['ab'], ['bass'], ['']])(
    'finds nothing in %j',
    (text) => {
      expect(list.find(text)).toBeUndefined();
    },
  );

  it('finds nothing with an empty list', () => {
    expect(compileWordList([' ', '']).find('anything')).toBeUndefined();
  });

  it('refuses entries over 100 characters', () => {
    expect(() => compileWordList(['x'.repeat(101)])).toThrow(/longer than 100/);
  });

  it('compiles the default list and catches its entries but not ordinary words', () => {
    const defaults = compileWordList(DEFAULT_WORDS);
    expect(defaults.size).toBe(DEFAULT_WORDS.length);
    for (const word of DEFAULT_WORDS) expect(defaults.find(`well ${word}!`)).toBeDefined();
    for (const word of ['Scunthorpe', 'cockpit', 'assassin', 'dickens', 'shitake', 'classic', 'therapist']) {
      expect(defaults.find(word)).toBeUndefined();
    }
  });

  // What these cost against ordinary text of the same length is a benchmark: npm run bench -- worst-case.
  it('finds nothing in long input of near misses', () => {
    const defaults = compileWordList(DEFAULT_WORDS);
    expect(defaults.find('a '.repeat(30_000))).toBeUndefined();
    expect(defaults.find('fuc'.repeat(20_000))).toBeUndefined();
    expect(defaults.find(`${'fuc'.repeat(20_000)}k`)).toBeUndefined();
  });
});

describe('parseWordListFile', () => {
  it('reads one entry per line, skipping comments and blank lines', () => {
    expect(parseWordListFile('# header\nfoo\n\n  bar baz  # note\r\nqux\n')).toEqual([
      'foo',
      'bar baz',
      'qux',
    ]);
  });
});

describe('normaliseForWords', () => {
  it('folds case, accents and look-alikes', () => {
    expect(normaliseForWords('Ça 5uce @nd 0K!')).toBe('ca suce and ok!');
  });
});
