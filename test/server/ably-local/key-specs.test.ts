import { describe, expect, it } from 'vitest';
import { keySpecsFromArgs, parseKeyList } from '../../../server/ably-local/key-specs.js';

describe('keySpecsFromArgs', () => {
  it('gives the n-th capability to the n-th key and full access to the rest', () => {
    expect(keySpecsFromArgs(['a.one:s1', 'a.two:s2'], ['{"ch":["subscribe"]}'])).toEqual([
      { key: 'a.one:s1', capability: '{"ch":["subscribe"]}' },
      { key: 'a.two:s2' },
    ]);
  });

  it.each([
    [
      'more capabilities than keys',
      ['a.one:s1'],
      ['{"a":["publish"]}', '{"b":["publish"]}'],
      /2 --key-capability for 1 --key/,
    ],
    [
      'a capability that is not JSON',
      ['a.one:s1'],
      ['{ch:'],
      /unable to read key a\.one; invalid capability/,
    ],
    ['an unknown operation', ['a.one:s1'], ['{"ch":["listen"]}'], /unknown operation "listen"/],
    [
      'a malformed key, without echoing it',
      ['nodot:secret'],
      [],
      /unable to read key nodot; expected appId\.keyId:secret$/,
    ],
  ])('refuses %s', (_case, keys, capabilities, message) => {
    expect(() => keySpecsFromArgs(keys, capabilities)).toThrow(message);
  });
});

describe('parseKeyList', () => {
  it('reads key strings and {key, capability} objects in order', () => {
    const text = JSON.stringify([
      'a.one:s1',
      { key: 'a.two:s2', capability: { 'ns:*': ['publish', 'subscribe'] } },
    ]);
    expect(parseKeyList(text, 'keys.json')).toEqual([
      { key: 'a.one:s1' },
      { key: 'a.two:s2', capability: { 'ns:*': ['publish', 'subscribe'] } },
    ]);
  });

  it.each([
    ['text that is not JSON', '[', /keys\.json; not valid JSON/],
    ['an empty list', '[]', /non-empty JSON array/],
    ['an object instead of a list', '{"key":"a.one:s1"}', /non-empty JSON array/],
    ['an entry of another type', '[42]', /entry 0 is neither/],
    [
      'an entry with a bad capability',
      '[{"key":"a.one:s1","capability":{"ch":[]}}]',
      /a\.one \(keys\.json entry 0\); invalid capability; no operations/,
    ],
  ])('refuses %s', (_case, text, message) => {
    expect(() => parseKeyList(text, 'keys.json')).toThrow(message);
  });
});
