import { describe, expect, it } from 'vitest';
import {
  OPERATIONS,
  intersectCapability,
  operationsFor,
  parseCapability,
  permittedModes,
  resourceMatches,
  stringifyCapability,
  type Capability,
} from '../../../../server/ably-local/auth/capability.js';
import { AblyError } from '../../../../server/ably-local/protocol/ably-error.js';
import { Flag } from '../../../../server/ably-local/protocol/flags.js';

// ably-wire.md §7.4: wildcards replace whole `:`-separated segments.
describe('resourceMatches', () => {
  it.each(
    (
      [
        // `*` alone: every ordinary channel, namespaced or not.
        ['*', 'plain', true],
        ['*', 'ns:a', true],
        ['*', 'ns:a:b', true],
        ['*', 'room::$chat', true],
        ['*', '[?rewind=1]plain', true],
        // ...but not metachannels or queues.
        ['*', '[meta]log', false],
        ['*', '[queue]jobs', false],
        // A trailing `*` matches one or more trailing segments.
        ['ns:*', 'ns:a', true],
        ['ns:*', 'ns:a:b', true],
        ['ns:*', 'other:a', false],
        ['ns:*', 'nsx:a', false],
        // An interior `*` matches exactly one segment.
        ['a:*:c', 'a:b:c', true],
        ['a:*:c', 'a:x:c', true],
        ['a:*:c', 'a:b:d', false],
        ['a:*:c', 'a:b:b:c', false],
        ['a:*:c', 'a:c', false],
        // `*` inside a segment is a literal character.
        ['foo*', 'foo*', true],
        ['foo*', 'foo', false],
        ['foo*', 'foobar', false],
        // Exact names.
        ['chan', 'chan', true],
        ['chan', 'chan2', false],
        ['chan', 'ns:chan', false],
        // `[*]*` matches every kind of channel.
        ['[*]*', 'plain', true],
        ['[*]*', 'ns:a:b', true],
        ['[*]*', '[meta]log', true],
        ['[*]*', '[queue]jobs', true],
        // `[meta]*` and `[queue]*` match only their own kind.
        ['[meta]*', '[meta]log', true],
        ['[meta]*', '[meta]connection.lifecycle', true],
        ['[meta]*', 'plain', false],
        ['[meta]*', '[queue]jobs', false],
        ['[queue]*', '[queue]jobs', true],
        ['[queue]*', '[meta]log', false],
        // Channel-param qualifiers do not change the channel kind.
        ['chan', '[?rewind=1]chan', true],
      ] as const
    ).map(([resource, channel, expected]) => ({ resource, channel, expected })),
  )('returns $expected when $resource is matched against $channel', ({ resource, channel, expected }) => {
    expect(resourceMatches(resource, channel)).toBe(expected);
  });
});

describe('operationsFor', () => {
  const sorted = (ops: Set<string>) => [...ops].sort();

  it.each<[string, Capability, string, string[]]>([
    ['grants nothing when no resource matches', { other: ['publish'] }, 'chan', []],
    [
      'grants the ops of an exact resource',
      { chan: ['publish', 'subscribe'] },
      'chan',
      ['publish', 'subscribe'],
    ],
    [
      'unions the ops of every matching resource',
      { '*': ['subscribe'], 'ns:*': ['publish'], 'ns:a': ['presence'] },
      'ns:a',
      ['presence', 'publish', 'subscribe'],
    ],
    ['expands the * op to every operation', { 'ns:*': ['*'] }, 'ns:a', [...OPERATIONS].sort()],
    [
      'matches a chat room channel by its room name',
      { room: ['publish', 'subscribe'] },
      'room::$chat',
      ['publish', 'subscribe'],
    ],
    [
      'matches a chat room channel by its own name',
      { 'room::$chat': ['presence'] },
      'room::$chat',
      ['presence'],
    ],
    [
      'matches a namespaced chat room by a namespace wildcard',
      { 'dms:*': ['publish'] },
      'dms:a-b::$chat',
      ['publish'],
    ],
    ['does not match another room by a room name', { room: ['publish'] }, 'room2::$chat', []],
    ['does not give metachannels to *', { '*': ['*'] }, '[meta]log', []],
    ['gives metachannels to [meta]*', { '[meta]*': ['subscribe'] }, '[meta]log', ['subscribe']],
  ])('%s', (_title, capability, channel, expected) => {
    expect(sorted(operationsFor(capability, channel))).toEqual(expected);
  });
});

describe('permittedModes', () => {
  it('maps subscribe to SUBSCRIBE and PRESENCE_SUBSCRIBE', () => {
    expect(permittedModes(new Set(['subscribe']))).toBe(Flag.SUBSCRIBE | Flag.PRESENCE_SUBSCRIBE);
  });

  it('grants no mode when only history is allowed', () => {
    expect(permittedModes(new Set(['history']))).toBe(0);
  });
});

describe('intersectCapability', () => {
  // Cases from ably-js test/rest/capability.test.js with the ably-common test app keys.
  const key1: Capability = {
    'cansubscribe:*': ['subscribe'],
    'canpublish:*': ['publish'],
    'canpublish:andpresence': ['presence', 'publish'],
  };
  const key2: Capability = {
    channel0: ['publish'],
    channel2: ['publish', 'subscribe'],
    channel6: ['*'],
  };
  const key3: Capability = { '*': ['subscribe'] };

  it.each<[string, Capability, Capability, Capability]>([
    ['keeps an equal capability', key2, key2, key2],
    [
      'narrows the ops of a resource',
      { channel2: ['presence', 'subscribe'] },
      key2,
      { channel2: ['subscribe'] },
    ],
    [
      'drops resources the key does not cover',
      { channel2: ['presence', 'subscribe'], channelx: ['presence', 'subscribe'] },
      key2,
      { channel2: ['subscribe'] },
    ],
    [
      'expands a requested * op to the key ops',
      { channel2: ['*'] },
      key2,
      { channel2: ['publish', 'subscribe'] },
    ],
    [
      'keeps requested ops under a * op of the key',
      { channel6: ['publish', 'subscribe'] },
      key2,
      { channel6: ['publish', 'subscribe'] },
    ],
    ['keeps * when both sides grant *', { channel6: ['*'] }, key2, { channel6: ['*'] }],
    [
      'narrows a name under a key wildcard',
      { cansubscribe: ['subscribe'] },
      key3,
      { cansubscribe: ['subscribe'] },
    ],
    [
      'narrows a namespaced name under a key namespace wildcard',
      { 'canpublish:check': ['publish'] },
      key1,
      { 'canpublish:check': ['publish'] },
    ],
    [
      'keeps a namespace wildcard under the * wildcard',
      { 'cansubscribe:*': ['subscribe'] },
      key3,
      { 'cansubscribe:*': ['subscribe'] },
    ],
    ['narrows a requested * resource to the key resources', { '*': ['*'] }, key1, key1],
    [
      'unions the ops several key resources grant on one name',
      { 'canpublish:andpresence': ['presence', 'publish', 'subscribe'] },
      { ...key1, '*': ['subscribe'] },
      { 'canpublish:andpresence': ['presence', 'publish', 'subscribe'] },
    ],
    [
      'keeps the more specific segments of two wildcards',
      { 'a:*:c': ['publish'] },
      { 'a:b:*': ['publish'] },
      { 'a:b:c': ['publish'] },
    ],
    ['returns nothing when ops do not overlap', { 'canpublish:test': ['subscribe'] }, key1, {}],
    ['returns nothing when resources do not overlap', { channelx: ['publish'] }, key2, {}],
    [
      'keeps metachannels under [*]*',
      { '[meta]*': ['subscribe'] },
      { '[*]*': ['*'] },
      { '[meta]*': ['subscribe'] },
    ],
    ['does not give metachannels to *', { '[meta]*': ['subscribe'] }, { '*': ['*'] }, {}],
    ['keeps * under [*]*', { '*': ['publish'] }, { '[*]*': ['*'] }, { '*': ['publish'] }],
  ])('%s', (_title, requested, allowed, expected) => {
    expect(JSON.parse(stringifyCapability(intersectCapability(requested, allowed)))).toEqual(
      JSON.parse(stringifyCapability(expected)),
    );
  });
});

describe('parseCapability', () => {
  it('parses a JSON string and an object alike', () => {
    const text = '{"chan":["publish","subscribe"],"ns:*":["*"]}';
    expect(parseCapability(text)).toEqual({ chan: ['publish', 'subscribe'], 'ns:*': ['*'] });
    expect(parseCapability(JSON.parse(text))).toEqual(parseCapability(text));
  });

  it.each<[string, unknown]>([
    ['the text is not JSON', '{chan:'],
    ['the value is an array', '[["publish"]]'],
    ['the value is a string', '"publish"'],
    ['the value is null', null],
    ['ops are not an array', { chan: 'publish' }],
    ['an op is not a string', { chan: ['publish', 1] }],
    ['an op is unknown', { chan: ['publish_'] }],
    // ably-js test/rest/capability.test.js "Invalid capabilities 2" and "3".
    ['* is combined with other ops', { channel0: ['*', 'publish'] }],
    ['the op list is empty', { channel0: [] }],
  ])('throws 40000 when %s', (_title, input) => {
    let thrown: unknown;
    try {
      parseCapability(input);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AblyError);
    expect(thrown).toMatchObject({ code: 40000, statusCode: 400 });
  });

  it('stringifies canonically with sorted resources and ops', () => {
    expect(stringifyCapability({ b: ['subscribe', 'publish'], a: ['presence'] })).toBe(
      '{"a":["presence"],"b":["publish","subscribe"]}',
    );
  });
});
