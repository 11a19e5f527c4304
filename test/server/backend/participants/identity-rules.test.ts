import { describe, expect, it } from 'vitest';
import { displayNameSchema, userIdSchema } from '../../../../server/backend/participants/identity-rules.js';

describe('identity rules', () => {
  it.each([
    ['  Ann  ', 'Ann'],
    ['<script>alert(1)</script>', '<script>alert(1)</script>'],
    ['Zoë', 'Zoë'],
    ['Zoe\u0308', 'Zoë'], // NFC
    ['محمد', 'محمد'],
    ['👩‍🚀 Astro', '👩‍🚀 Astro'],
    ['A'.repeat(100), 'A'.repeat(100)],
    ['\ufeffAnn', 'Ann'], // a leading BOM is trimmed
  ])('accepts the display name %j as %j', (input, stored) => {
    expect(displayNameSchema.parse(input)).toBe(stored);
  });

  it.each([
    '',
    '   ',
    '\u200b',
    'a\u0000b',
    'a\tb',
    'a\u001bb',
    'a\u0085b',
    'evil\u202egnp',
    'x\u2066y',
    'A\ufeffB',
    'A'.repeat(101),
    '\ud800',
  ])('rejects the display name %j', (input) =>
    expect(displayNameSchema.safeParse(input).success).toBe(false),
  );

  it.each(['ann', 'ann@example.com', 'auth0|507f1f77', 'user:42', 'a+b=c', 'x'.repeat(128)])(
    'accepts the user id %s',
    (id) => expect(userIdSchema.safeParse(id).success).toBe(true),
  );

  it.each(['', '*', 'a*', 'a b', 'a/b', 'ann\n', 'ü', 'x'.repeat(129)])('rejects the user id %j', (id) =>
    expect(userIdSchema.safeParse(id).success).toBe(false),
  );
});
