import { describe, expect, it } from 'vitest';
import { resolveChannelName } from '../../../../server/ably-local/core/channel-name.js';

describe('resolveChannelName', () => {
  it.each<[string, string, Record<string, string>]>([
    ['foo', 'foo', {}],
    ['room::$chat', 'room::$chat', {}],
    ['[?rewind=1]foo', 'foo', { rewind: '1' }],
    ['[?rewind=1&occupancy=metrics]task:X::$chat', 'task:X::$chat', { rewind: '1', occupancy: 'metrics' }],
    ['[?]foo', 'foo', {}],
    ['[meta]log', '[meta]log', {}],
    ['[?rewind=2][meta]log', '[meta]log', { rewind: '2' }],
    ['x'.repeat(512), 'x'.repeat(512), {}],
  ])('resolves %s to channel %s', (wire, name, params) => {
    expect(resolveChannelName(wire)).toEqual({ name, params });
  });

  it.each<[string, unknown]>([
    ['the empty name', ''],
    ['a non-string', 5],
    ['a line break', 'a\nb'],
    ['a leading colon', ':a'],
    ['a leading comma', ',a'],
    ['a leading space', ' a'],
    ['an unknown qualifier', '[queue]a'],
    ['a derived channel', '[filter=bmFtZQ==]foo'],
    ['an unterminated qualifier', '[?rewind=1foo'],
    ['params with no channel', '[?rewind=1]'],
    ['two params qualifiers', '[?a=1][?b=2]foo'],
    ['params before an invalid name', '[?a=1]:foo'],
    ['513 characters', 'x'.repeat(513)],
    ['a qualified name over 512 characters', `[?a=1]${'x'.repeat(510)}`],
  ])('refuses %s with 40010', (_label, wire) => {
    expect(() => resolveChannelName(wire)).toThrow(expect.objectContaining({ code: 40010, statusCode: 400 }));
  });
});
