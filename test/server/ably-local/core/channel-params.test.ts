import { describe, expect, it } from 'vitest';
import { negotiateParams } from '../../../../server/ably-local/core/channel-params.js';
import { Flag } from '../../../../server/ably-local/protocol/flags.js';

describe('negotiateParams', () => {
  it.each([
    ['a string rewind count', { rewind: '3' }, { rewind: '3' }, { count: 3 }],
    ['a numeric rewind count', { rewind: 2 }, { rewind: '2' }, { count: 2 }],
    ['a rewind duration', { rewind: '15s' }, { rewind: '15s' }, { sinceMs: 15_000 }],
    [
      'a duration with rewindLimit',
      { rewind: '2m', rewindLimit: 5 },
      { rewind: '2m', rewindLimit: '5' },
      { sinceMs: 120_000, limit: 5 },
    ],
    [
      'a count with a smaller rewindLimit',
      { rewind: '50', rewindLimit: '10' },
      { rewind: '50', rewindLimit: '10' },
      { count: 10 },
    ],
    ['no rewind', {}, {}, undefined],
  ])('accepts %s', (_case, raw, accepted, rewind) => {
    const out = negotiateParams(raw);
    expect(out.accepted).toEqual(accepted);
    expect(out.rewind).toEqual(rewind);
  });

  it.each([
    ['subscribe', Flag.SUBSCRIBE],
    ['presence,subscribe', Flag.PRESENCE | Flag.SUBSCRIBE],
    ['PUBLISH, annotation_publish', Flag.PUBLISH | Flag.ANNOTATION_PUBLISH],
  ])('turns modes=%s into mode flags', (modes, flags) => {
    expect(negotiateParams({ modes }).modes).toBe(flags);
  });

  it('echoes delta=vcdiff, occupancy and appendMode, and drops unknown params', () => {
    expect(
      negotiateParams({ delta: 'vcdiff', occupancy: 'metrics', appendMode: 'full', agent: 'x', foo: 'bar' })
        .accepted,
    ).toEqual({ delta: 'vcdiff', occupancy: 'metrics', appendMode: 'full' });
  });

  it('ignores values that are neither strings, numbers nor booleans', () => {
    expect(negotiateParams({ rewind: { n: 1 }, modes: ['subscribe'] })).toEqual({ accepted: {} });
  });

  it.each([
    ['an unparsable rewind', { rewind: 'yesterday' }],
    ['a negative rewind', { rewind: '-1' }],
    ['a rewind unit Ably does not know', { rewind: '3d' }],
    ['a zero rewindLimit', { rewind: '1m', rewindLimit: '0' }],
    ['an unknown mode', { modes: 'subscribe,listen' }],
    ['an empty modes list', { modes: '' }],
    ['a delta other than vcdiff', { delta: 'xdelta' }],
  ])('refuses %s with 40003', (_case, raw) => {
    expect(() => negotiateParams(raw)).toThrow(expect.objectContaining({ code: 40003, statusCode: 400 }));
  });
});
