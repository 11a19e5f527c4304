import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseUserClaim } from '../../../../widget/features/participants/user-claim.js';

describe('parseUserClaim', () => {
  it.each<[string, string | undefined, ReturnType<typeof parseUserClaim>]>([
    ['a role and a name', '{"role":"agent","name":"Dana"}', { role: 'agent', name: 'Dana' }],
    ['a role only', '{"role":"agent"}', { role: 'agent' }],
    ['a name only, with other fields', '{"name":"Dana","avatar":"x.png"}', { name: 'Dana' }],
    ['no claim', undefined, {}],
    ['an empty claim', '', {}],
    ['text that is not JSON', 'agent', {}],
    ['truncated JSON', '{"role":"agent"', {}],
    ['JSON null', 'null', {}],
    ['a JSON number', '42', {}],
    ['a JSON string', '"Dana"', {}],
    ['a JSON array', '["agent","Dana"]', {}],
    ['an empty object', '{}', {}],
    ['fields of the wrong types', '{"role":1,"name":{"first":"Dana"}}', {}],
    ['empty strings', '{"role":"","name":""}', {}],
    ['a name of the wrong type beside a good role', '{"role":"agent","name":true}', { role: 'agent' }],
  ])('reads %s', (_case, claim, expected) => {
    expect(parseUserClaim(claim)).toEqual(expected);
  });

  it('never throws and returns only non-empty string role and name, for arbitrary claims', () => {
    const claims = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc
        .record({ role: fc.anything(), name: fc.anything() }, { requiredKeys: [] })
        .map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(claims, (claim) => {
        const identity = parseUserClaim(claim);
        for (const [key, value] of Object.entries(identity)) {
          expect(['role', 'name']).toContain(key);
          expect(typeof value === 'string' && value.length > 0).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
