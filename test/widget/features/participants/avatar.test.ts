import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hueOf, initialsOf } from '../../../../widget/features/participants/avatar.js';

describe('initialsOf', () => {
  it.each([
    ['two words', 'Ann Lee', 'AL'],
    ['one word, in lower case', 'ann', 'A'],
    ['three words (first and last)', 'Ana María López', 'AL'],
    ['words split by tabs and runs of spaces', '  x\t  y  ', 'XY'],
    ['an emoji ZWJ sequence as one grapheme', '👩‍💻 Dev', '👩‍💻D'],
    ['a flag as one grapheme', '🇯🇵 Japan', '🇯🇵J'],
    ['an emoji with a skin tone as one grapheme', '👍🏽', '👍🏽'],
    ['Arabic words', 'محمد علي', 'مع'],
    ['a letter with a combining accent as one grapheme', 'e\u0301mile zola', 'E\u0301Z'],
    ['CJK words', '李 小龙', '李小'],
  ])('takes the initials of %s', (_case, name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });

  it.each([
    ['the empty string', ''],
    ['whitespace only', ' \t\n '],
  ])('gives a question mark for %s', (_case, name) => {
    expect(initialsOf(name)).toBe('?');
  });

  it('never splits a grapheme and never returns an empty string, for arbitrary names', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const graphemes = (s: string) => [...segmenter.segment(s)].map((g) => g.segment);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (name) => {
        const initials = initialsOf(name);
        expect(initials.length).toBeGreaterThan(0);
        const words = name.trim().split(/\s+/u).filter(Boolean);
        if (words.length === 0) return;
        // Each initial is the first grapheme of its word, upper-cased.
        const firsts = [words[0]!, ...(words.length > 1 ? [words.at(-1)!] : [])].map((w) =>
          graphemes(w)[0]!.toLocaleUpperCase(),
        );
        expect(initials).toBe(firsts.join(''));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('hueOf', () => {
  it('gives the same hue for the same clientId in every release (pinned values)', () => {
    expect(['', 'ann', 'dana', 'sam', 'u-ann', 'u-dana'].map(hueOf)).toEqual([61, 320, 251, 356, 286, 65]);
  });

  it('gives an integer hue from 0 to 359 that depends only on the clientId, for arbitrary ids', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (id) => {
        const hue = hueOf(id);
        expect(Number.isInteger(hue) && hue >= 0 && hue < 360).toBe(true);
        expect(hueOf(`${id}`)).toBe(hue);
      }),
    );
  });

  it('spreads similar clientIds over the colour wheel', () => {
    const hues = new Set(Array.from({ length: 100 }, (_, i) => Math.floor(hueOf(`user-${i}`) / 30)));
    // 100 ids in 12 sectors of 30°: all sectors used.
    expect(hues.size).toBe(12);
  });
});
