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

// DESIGN §6.3: wildcards replace whole `:`-separated segments.
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
      'grants the resource ops when the name matches exactly',
      { chan: ['publish', 'subscribe'] },
      'chan',
      ['publish', 'subscribe'],
    ],
    [
      'unions the ops when several resources match',
      { '*': ['subscribe'], 'ns:*': ['publish'], 'ns:a': ['presence'] },
      'ns:a',
      ['presence', 'publish', 'subscribe'],
    ],
    ['grants every operation when the op is *', { 'ns:*': ['*'] }, 'ns:a', [...OPERATIONS].sort()],
    [
      'grants a chat room channel the ops when the resource names the room',
      { room: ['publish', 'subscribe'] },
      'room::$chat',
      ['publish', 'subscribe'],
    ],
    [
      'grants a chat room channel the ops when the resource names the channel',
      { 'room::$chat': ['presence'] },
      'room::$chat',
      ['presence'],
    ],
    [
      'grants a namespaced chat room the ops when a namespace wildcard matches',
      { 'dms:*': ['publish'] },
      'dms:a-b::$chat',
      ['publish'],
    ],
    ['grants nothing when the resource names another room', { room: ['publish'] }, 'room2::$chat', []],
    // Issue #7 finding 4: a token for one room reaches no variant of it.
    [
      'grants nothing on room task:X::$chat (channel task:X::$chat::$chat) to a token for task:X',
      { 'task:X::$chat': ['*'] },
      'task:X::$chat::$chat',
      [],
    ],
    [
      'grants nothing on task:X::$chat::$chat to a room-level resource for task:X',
      { 'task:X': ['*'] },
      'task:X::$chat::$chat',
      [],
    ],
    ['grants nothing on task:X::$chatanything', { 'task:X::$chat': ['*'] }, 'task:X::$chatanything', []],
    [
      'grants nothing on task:X::$chatanything at room level',
      { 'task:X': ['*'] },
      'task:X::$chatanything',
      [],
    ],
    ['grants nothing on task:X::$chat:more', { 'task:X::$chat': ['*'] }, 'task:X::$chat:more', []],
    ['grants nothing on task:X:Y::$chat', { 'task:X::$chat': ['*'] }, 'task:X:Y::$chat', []],
    ['grants nothing on the bare suffix ::$chat', { '': ['*'] }, '::$chat', []],
    [
      'grants room task:X::$chat when the resource names its channel exactly',
      { 'task:X::$chat::$chat': ['publish'] },
      'task:X::$chat::$chat',
      ['publish'],
    ],
    [
      'grants the double-suffix channel when a namespace wildcard covers it',
      { 'task:*': ['publish'] },
      'task:X::$chat::$chat',
      ['publish'],
    ],
    ['grants nothing on a metachannel when the resource is *', { '*': ['*'] }, '[meta]log', []],
    [
      'grants a metachannel the ops when the resource is [meta]*',
      { '[meta]*': ['subscribe'] },
      '[meta]log',
      ['subscribe'],
    ],
  ])('%s', (_title, capability, channel, expected) => {
    expect(sorted(operationsFor(capability, channel))).toEqual(expected);
  });
});

describe('permittedModes', () => {
  it('grants SUBSCRIBE and PRESENCE_SUBSCRIBE when subscribe is allowed', () => {
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
    ['keeps the capability when both sides are equal', key2, key2, key2],
    [
      'narrows the ops when the key grants fewer on a resource',
      { channel2: ['presence', 'subscribe'] },
      key2,
      { channel2: ['subscribe'] },
    ],
    [
      'drops a resource when the key does not cover it',
      { channel2: ['presence', 'subscribe'], channelx: ['presence', 'subscribe'] },
      key2,
      { channel2: ['subscribe'] },
    ],
    [
      'gives the key ops when the request asks for the * op',
      { channel2: ['*'] },
      key2,
      { channel2: ['publish', 'subscribe'] },
    ],
    [
      'keeps the requested ops when the key grants the * op',
      { channel6: ['publish', 'subscribe'] },
      key2,
      { channel6: ['publish', 'subscribe'] },
    ],
    ['keeps the * op when both sides grant it', { channel6: ['*'] }, key2, { channel6: ['*'] }],
    [
      'keeps a name when the key grants the * resource',
      { cansubscribe: ['subscribe'] },
      key3,
      { cansubscribe: ['subscribe'] },
    ],
    [
      'keeps a namespaced name when the key grants its namespace wildcard',
      { 'canpublish:check': ['publish'] },
      key1,
      { 'canpublish:check': ['publish'] },
    ],
    [
      'keeps a namespace wildcard when the key grants the * resource',
      { 'cansubscribe:*': ['subscribe'] },
      key3,
      { 'cansubscribe:*': ['subscribe'] },
    ],
    ['gives the key resources when the request asks for the * resource', { '*': ['*'] }, key1, key1],
    [
      'unions the ops when several key resources cover one name',
      { 'canpublish:andpresence': ['presence', 'publish', 'subscribe'] },
      { ...key1, '*': ['subscribe'] },
      { 'canpublish:andpresence': ['presence', 'publish', 'subscribe'] },
    ],
    [
      'keeps the more specific segments when both resources have wildcards',
      { 'a:*:c': ['publish'] },
      { 'a:b:*': ['publish'] },
      { 'a:b:c': ['publish'] },
    ],
    ['returns nothing when ops do not overlap', { 'canpublish:test': ['subscribe'] }, key1, {}],
    ['returns nothing when resources do not overlap', { channelx: ['publish'] }, key2, {}],
    [
      'keeps a metachannel resource when the key grants [*]*',
      { '[meta]*': ['subscribe'] },
      { '[*]*': ['*'] },
      { '[meta]*': ['subscribe'] },
    ],
    [
      'drops a metachannel resource when the key grants only *',
      { '[meta]*': ['subscribe'] },
      { '*': ['*'] },
      {},
    ],
    [
      'keeps the * resource when the key grants [*]*',
      { '*': ['publish'] },
      { '[*]*': ['*'] },
      { '*': ['publish'] },
    ],
  ])('%s', (_title, requested, allowed, expected) => {
    expect(JSON.parse(stringifyCapability(intersectCapability(requested, allowed)))).toEqual(
      JSON.parse(stringifyCapability(expected)),
    );
  });
});

describe('parseCapability', () => {
  it('parses the same capability when given a JSON string or an object', () => {
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

  it('keeps the order of resources and ops when stringifying', () => {
    expect(stringifyCapability({ b: ['subscribe', 'publish'], a: ['presence'] })).toBe(
      '{"b":["subscribe","publish"],"a":["presence"]}',
    );
  });

  it.each([
    [
      'takes the key order when the request asks for *',
      { ch: ['*'] },
      { ch: ['subscribe', 'publish'] },
      '{"ch":["subscribe","publish"]}',
    ],
    [
      'takes the request order when the key grants *',
      { ch: ['subscribe', 'presence'] },
      { '*': ['*'] },
      '{"ch":["subscribe","presence"]}',
    ],
    [
      'keeps the request order of the common ops',
      { ch: ['subscribe', 'presence', 'publish'] },
      { ch: ['publish', 'subscribe'] },
      '{"ch":["subscribe","publish"]}',
    ],
    [
      // ably-js rest/capability.test.js "Equal intersection with specified key": the test app's key 1,
      // requested exactly as the SDK sends it (resources and operations sorted).
      'answers a request equal to the key with every resource in its requested order',
      {
        'canpublish:*': ['publish'],
        'canpublish:andpresence': ['presence', 'publish'],
        'cansubscribe:*': ['subscribe'],
        'pushenabled:*': ['publish', 'push-subscribe', 'subscribe'],
        'pushenabled:admin:*': ['publish', 'push-admin', 'subscribe'],
      },
      {
        'cansubscribe:*': ['subscribe'],
        'canpublish:*': ['publish'],
        'canpublish:andpresence': ['presence', 'publish'],
        'pushenabled:*': ['publish', 'subscribe', 'push-subscribe'],
        'pushenabled:admin:*': ['publish', 'subscribe', 'push-admin'],
      },
      '{"canpublish:*":["publish"],"canpublish:andpresence":["presence","publish"],"cansubscribe:*":["subscribe"],"pushenabled:*":["publish","push-subscribe","subscribe"],"pushenabled:admin:*":["publish","push-admin","subscribe"]}',
    ],
  ])('%s when intersecting', (_title, requested, allowed, expected) => {
    expect(stringifyCapability(intersectCapability(requested, allowed))).toBe(expected);
  });
});
