import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { BackendError, ErrorCode } from '../../../../server/backend/errors.js';
import {
  createParticipantToken,
  ParticipantTokenVerifier,
} from '../../../../server/backend/participants/participant-token.js';

const SECRET = 'participant-secret-0123456789abcdef0123';
const NOW = 1_700_000_000_000;

function codeOf(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof BackendError) return err.code;
    throw err;
  }
  return undefined;
}

describe('participant tokens', () => {
  it('round-trips the claims when minted with createParticipantToken and verified', () => {
    const token = createParticipantToken({
      secret: SECRET,
      userId: 'u-17',
      name: 'Ann',
      task: 'order:8841',
      role: 'buyer',
    });
    const claims = jwt.decode(token) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: 'u-17', name: 'Ann', task: 'order:8841', role: 'buyer' });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(new ParticipantTokenVerifier(SECRET).verify(token)).toEqual({
      userId: 'u-17',
      name: 'Ann',
      task: 'order:8841',
      role: 'buyer',
    });
  });

  it.each([0, 3601, 1.5])('refuses to mint a token living %s seconds', (ttlSeconds) => {
    expect(() =>
      createParticipantToken({ secret: SECRET, userId: 'u', task: 't', role: 'customer', ttlSeconds }),
    ).toThrow(RangeError);
  });

  it('refuses to mint a token when a claim is malformed', () => {
    expect(() =>
      createParticipantToken({ secret: SECRET, userId: '*', task: 't', role: 'customer' }),
    ).toThrow(/unable to create participant token; sub:/);
    expect(() =>
      createParticipantToken({ secret: SECRET, userId: 'u', task: 'a::b', role: 'customer' }),
    ).toThrow(/task:/);
  });

  it('accepts a token up to 30 s after exp to absorb clock skew, then reports it expired', () => {
    const iat = NOW / 1000 - 600;
    const token = jwt.sign({ sub: 'u', task: 't', role: 'customer', iat, exp: NOW / 1000 }, SECRET);
    expect(
      codeOf(() => new ParticipantTokenVerifier(SECRET, () => NOW + 29_000).verify(token)),
    ).toBeUndefined();
    expect(codeOf(() => new ParticipantTokenVerifier(SECRET, () => NOW + 31_000).verify(token))).toBe(
      ErrorCode.ExpiredParticipantToken,
    );
  });

  it('reports a remembered token expired once its time is up, and still refuses a tampered copy', () => {
    let now = NOW;
    const verifier = new ParticipantTokenVerifier(SECRET, () => now);
    const iat = NOW / 1000;
    const token = jwt.sign({ sub: 'u', task: 't', role: 'customer', iat, exp: iat + 60 }, SECRET);
    expect(codeOf(() => verifier.verify(token))).toBeUndefined();
    const [head, body, sig] = token.split('.');
    const forged = `${head}.${body}.${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(codeOf(() => verifier.verify(forged))).toBe(ErrorCode.InvalidParticipantToken);
    expect(codeOf(() => verifier.verify(`${token} `))).toBe(ErrorCode.InvalidParticipantToken);
    now = NOW + 89_000;
    expect(codeOf(() => verifier.verify(token))).toBeUndefined();
    now = NOW + 90_000;
    expect(codeOf(() => verifier.verify(token))).toBe(ErrorCode.ExpiredParticipantToken);
    expect(codeOf(() => verifier.verify(token))).toBe(ErrorCode.ExpiredParticipantToken);
  });

  it('accepts a life of exactly 1 h and refuses one second more', () => {
    const iat = NOW / 1000;
    const verifier = new ParticipantTokenVerifier(SECRET, () => NOW);
    const exactly = jwt.sign({ sub: 'u', task: 't', role: 'customer', iat, exp: iat + 3600 }, SECRET);
    const longer = jwt.sign({ sub: 'u', task: 't', role: 'customer', iat, exp: iat + 3601 }, SECRET);
    expect(codeOf(() => verifier.verify(exactly))).toBeUndefined();
    expect(codeOf(() => verifier.verify(longer))).toBe(ErrorCode.InvalidParticipantToken);
  });

  it('refuses HS384, RS256-looking and none tokens when only HS256 is allowed', () => {
    const claims = { sub: 'u', task: 't', role: 'customer', iat: NOW / 1000, exp: NOW / 1000 + 60 };
    const verifier = new ParticipantTokenVerifier(SECRET, () => NOW);
    expect(codeOf(() => verifier.verify(jwt.sign(claims, SECRET, { algorithm: 'HS384' })))).toBe(
      ErrorCode.InvalidParticipantToken,
    );
    expect(codeOf(() => verifier.verify(jwt.sign(claims, '', { algorithm: 'none' })))).toBe(
      ErrorCode.InvalidParticipantToken,
    );
  });

  it('refuses with 1001 a token whose header or claims decode to something that is not JSON', () => {
    const verifier = new ParticipantTokenVerifier(SECRET, () => NOW);
    const good = createParticipantToken({ secret: SECRET, userId: 'ann', task: 'order:1', role: 'buyer' });
    const [head, , sig] = good.split('.');
    const notJson = Buffer.from('{"sub":"a\u0000').toString('base64url').replace(/=/g, '');
    for (const token of [`${head}.${notJson}.${sig}`, `${notJson}.${good.split('.')[1]}.${sig}`]) {
      expect(codeOf(() => verifier.verify(token))).toBe(ErrorCode.InvalidParticipantToken);
    }
  });

  it('never echoes the token in the error message', () => {
    const token = jwt.sign(
      { sub: 'u', task: 't', role: 'nope', iat: NOW / 1000, exp: NOW / 1000 + 60 },
      SECRET,
    );
    try {
      new ParticipantTokenVerifier(SECRET, () => NOW).verify(token);
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain(token.split('.')[1]);
      expect((err as Error).message).toMatch(
        /^unable to issue token; participant token is invalid \(role: must be one of/,
      );
    }
  });
});
