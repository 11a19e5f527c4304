import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { createSigningKey, signAblyJwt } from '../../../../server/backend/ably-auth/ably-jwt.js';

const KEY = 'app1.key1:s3cr3t';

describe('signAblyJwt', () => {
  it('signs HS256 with the key name as kid and the claims Ably reads', () => {
    const token = signAblyJwt(createSigningKey(KEY), {
      clientId: 'ann',
      capability: { 'task:a::$chat': ['publish', 'subscribe'] },
      userClaims: { 'ably.room.task:a': '{"role":"customer","name":"Ann"}' },
      issuedAtSeconds: 1_700_000_000,
      ttlSeconds: 600,
    });
    const decoded = jwt.verify(token, 's3cr3t', {
      complete: true,
      algorithms: ['HS256'],
      ignoreExpiration: true,
    });
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'app1.key1' });
    expect(decoded.payload).toEqual({
      iat: 1_700_000_000,
      exp: 1_700_000_600,
      'x-ably-clientId': 'ann',
      'x-ably-capability': '{"task:a::$chat":["publish","subscribe"]}',
      'ably.room.task:a': '{"role":"customer","name":"Ann"}',
    });
  });

  it.each([0, -1, 1.5, 3601])('refuses a ttl of %s seconds', (ttlSeconds) => {
    expect(() =>
      signAblyJwt(createSigningKey(KEY), {
        clientId: 'ann',
        capability: {},
        userClaims: {},
        issuedAtSeconds: 1,
        ttlSeconds,
      }),
    ).toThrow(RangeError);
  });

  it.each(['nokey', 'app.key', 'app:secret', 'app.key:sec.ret', 'app.key:sec:ret'])(
    'refuses the malformed API key %s',
    (key) => expect(() => createSigningKey(key)).toThrow(/appId\.keyId:secret/),
  );

  it('keeps the standard claims when a user claim tries to override them', () => {
    const token = signAblyJwt(createSigningKey(KEY), {
      clientId: 'ann',
      capability: {},
      userClaims: { 'x-ably-clientId': '*', exp: '9999999999' },
      issuedAtSeconds: 1_700_000_000,
      ttlSeconds: 60,
    });
    const claims = jwt.decode(token) as Record<string, unknown>;
    expect(claims['x-ably-clientId']).toBe('ann');
    expect(claims.exp).toBe(1_700_000_060);
  });
});
