import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkify, type TextSegment } from '../../../../widget/features/messages/linkify.js';

const links = (text: string) => linkify(text).filter((s) => s.href !== undefined);
const joined = (segments: TextSegment[]) => segments.map((s) => s.text).join('');

describe('linkify', () => {
  it.each<[string, string, TextSegment[]]>([
    [
      'an https address',
      'see https://example.com',
      [{ text: 'see ' }, { text: 'https://example.com', href: 'https://example.com/' }],
    ],
    [
      'an http address with a path and query',
      'http://a.test/p?q=1&x=2',
      [{ text: 'http://a.test/p?q=1&x=2', href: 'http://a.test/p?q=1&x=2' }],
    ],
    [
      'an upper-case scheme',
      'HTTPS://EXAMPLE.COM',
      [{ text: 'HTTPS://EXAMPLE.COM', href: 'https://example.com/' }],
    ],
    [
      'a port on localhost',
      'http://localhost:8080/a',
      [{ text: 'http://localhost:8080/a', href: 'http://localhost:8080/a' }],
    ],
    ['an IDN host', 'https://例え.jp', [{ text: 'https://例え.jp', href: 'https://xn--r8jz45g.jp/' }]],
    [
      'a mailto address',
      'mailto:ann@example.com',
      [{ text: 'mailto:ann@example.com', href: 'mailto:ann@example.com' }],
    ],
    [
      'a mailto address with a subject',
      'mailto:a@b.co?subject=hi',
      [{ text: 'mailto:a@b.co?subject=hi', href: 'mailto:a@b.co?subject=hi' }],
    ],
    [
      'a bare e-mail address',
      'mail ann.lee+x@mail.example.com',
      [{ text: 'mail ' }, { text: 'ann.lee+x@mail.example.com', href: 'mailto:ann.lee+x@mail.example.com' }],
    ],
  ])('links %s', (_case, input, expected) => {
    expect(linkify(input)).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    ['a full stop', 'see https://example.com.', ['see ', 'https://example.com', '.']],
    ['a comma after a query', 'https://a.test/?q=1,', ['https://a.test/?q=1', ',']],
    ['a run of punctuation', 'https://a.test/x?!…', ['https://a.test/x', '?!…']],
    [
      'an exclamation mark after an e-mail',
      'write to ann@example.com!',
      ['write to ', 'ann@example.com', '!'],
    ],
    ['a full stop after an e-mail', 'a.b@c.de.', ['a.b@c.de', '.']],
    ['quotes around the address', '"https://a.test"', ['"', 'https://a.test', '"']],
    ['guillemets around the address', '«https://a.test»', ['«', 'https://a.test', '»']],
    ['parentheses around the address', '(https://a.test/a)', ['(', 'https://a.test/a', ')']],
    ['an unbalanced closing parenthesis', 'https://a.test/a)', ['https://a.test/a', ')']],
    [
      'two closing parentheses, one balanced',
      'go (https://en.wikipedia.org/wiki/Foo_(bar)) now',
      ['go (', 'https://en.wikipedia.org/wiki/Foo_(bar)', ') now'],
    ],
    [
      'nested parentheses around a balanced address',
      '((https://a.test/(a)))',
      ['((', 'https://a.test/(a)', '))'],
    ],
  ])('keeps %s outside the link', (_case, input, texts) => {
    const segments = linkify(input);
    expect(segments.map((s) => s.text)).toEqual(texts);
    expect(segments.filter((s) => s.href).map((s) => s.text)).toEqual([texts.find((t) => /:\/\/|@/.test(t))]);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: in upper case', 'JAVASCRIPT:alert(1)'],
    ['javascript: in parentheses', '(javascript:alert(document.cookie))'],
    ['javascript: disguised as a host', 'http://javascript:alert(1)'],
    ['javascript: in a mailto', 'mailto:javascript:alert(1)@x.com'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['data: base64', 'data:text/html;base64,PHNjcmlwdD4='],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['ftp:', 'ftp://files.example.com'],
    ['file:', 'file:///etc/passwd'],
    ['a scheme without a host', 'http://'],
    ['a scheme-relative address', '//example.com/a'],
    ['a bare domain', 'example.com'],
    ['an address without a dot in the domain', 'ann@localhost'],
    ['at-signs only', '@@@'],
    ['a mention', '@dana'],
  ])('does not link %s', (_case, input) => {
    expect(links(input)).toEqual([]);
    expect(joined(linkify(input))).toBe(input);
  });

  it('keeps whitespace and the text between links as it was', () => {
    const input = 'a\nhttps://b.test\tand  mailto:c@d.co\u00a0end ';
    expect(linkify(input)).toEqual([
      { text: 'a\n' },
      { text: 'https://b.test', href: 'https://b.test/' },
      { text: '\tand  ' },
      { text: 'mailto:c@d.co', href: 'mailto:c@d.co' },
      { text: '\u00a0end ' },
    ]);
  });

  it('returns no segments for the empty string', () => {
    expect(linkify('')).toEqual([]);
  });

  it('gives back the input when its segment texts are concatenated, for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => joined(linkify(text)) === text),
      { numRuns: 2000 },
    );
  });

  /** Words built from the pieces the linkifier cares about, so links, near-links and punctuation all occur. */
  const linkish = fc
    .array(
      fc.constantFrom(
        'https://',
        'http://',
        'mailto:',
        'javascript:',
        'data:',
        'a.test',
        'ann',
        '@',
        '.',
        ',',
        '(',
        ')',
        '"',
        '…',
        '/p',
        '?q=1',
        ' ',
        '\n',
        'é',
      ),
      { maxLength: 24 },
    )
    .map((parts) => parts.join(''));

  it('gives back the input and links only http, https and mailto, for link-like strings', () => {
    fc.assert(
      fc.property(linkish, (text) => {
        const segments = linkify(text);
        expect(joined(segments)).toBe(text);
        for (const s of segments) {
          if (s.href === undefined) continue;
          expect(new URL(s.href).protocol).toMatch(/^(https?|mailto):$/);
          expect(s.text).not.toMatch(/\s/);
          expect(s.text).not.toMatch(/[.,;:!?…"]$/);
        }
        // Adjacent plain runs are merged: a plain segment is never followed by another plain one.
        segments.forEach((s, i) => {
          if (i > 0 && s.href === undefined) expect(segments[i - 1]!.href).toBeDefined();
        });
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['dots', '.'.repeat(65_536)],
    ['at-signs', '@'.repeat(65_536)],
    ['dots and at-signs', '.@'.repeat(32_768)],
    ['words of dots and at-signs', 'x.@ '.repeat(16_384)],
    ['an e-mail-like run', `a@${'b.'.repeat(32_768)}!`],
    [
      'opening then closing parentheses after a scheme',
      `https://a.test/${'('.repeat(32_768)}${')'.repeat(32_768)}`,
    ],
  ])('finishes on 64 KiB of %s', (_case, input) => {
    expect(joined(linkify(input))).toBe(input);
  });

  // A long run of trailing punctuation before other text once took ~6 s (quadratic backtracking); the
  // lookbehind-anchored pattern makes it linear, so these finish at once.
  it.each([
    ['dots followed by a letter', `${'.'.repeat(65_536)}x`],
    ['closing parentheses followed by a letter', `${')'.repeat(65_536)}x`],
    ['an address of dots followed by a letter', `https://${'.'.repeat(65_536)}x`],
  ])('finishes on 64 KiB of %s', (_case, input) => {
    expect(joined(linkify(input))).toBe(input);
  });
});
