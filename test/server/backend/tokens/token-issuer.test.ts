import jwt from 'jsonwebtoken';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSigningKey } from '../../../../server/backend/ably-auth/ably-jwt.js';
import type { BackendError } from '../../../../server/backend/errors.js';
import { ErrorCode } from '../../../../server/backend/errors.js';
import { SqliteStore } from '../../../../server/backend/store/sqlite-store.js';
import { TokenIssuer } from '../../../../server/backend/tokens/token-issuer.js';

const T0 = 1_700_000_000_000; // a whole second

describe('TokenIssuer and revocations', () => {
  let store: SqliteStore;
  let clock: number;
  let sleeps: number[];
  let duringSleep: (() => Promise<void>) | undefined;
  let issuer: TokenIssuer;

  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    clock = T0;
    sleeps = [];
    duringSleep = undefined;
    issuer = new TokenIssuer({
      store,
      signingKey: createSigningKey('app.key:secret'),
      clientOptions: {},
      ttlSeconds: 3600,
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
        await duringSleep?.();
      },
    });
    await store.upsertTask({ id: 't', type: 'order', title: 't', url: null }, T0);
    await store.upsertParticipant({ taskId: 't', userId: 'ann', role: 'customer', name: 'Ann' }, T0);
  });

  const iatOf = (token: string) => (jwt.decode(token) as jwt.JwtPayload).iat!;

  it('signs at once with iat = now when the user was never revoked', async () => {
    clock = T0 + 750;
    const issued = await issuer.issue({ userId: 'ann', task: 't' });
    expect(sleeps).toEqual([]);
    expect(iatOf(issued.token)).toBe(T0 / 1000);
    expect(issued.expiresAt).toBe(T0 + 3600_000);
  });

  it('signs at once when the revocation was in an earlier second', async () => {
    await store.recordRevocation('ann', T0 - 10);
    clock = T0 + 5;
    expect(iatOf((await issuer.issue({ userId: 'ann', task: 't' })).token)).toBe(T0 / 1000);
    expect(sleeps).toEqual([]);
  });

  it('waits for the next second when the user was revoked earlier in this second', async () => {
    await store.recordRevocation('ann', T0 + 400);
    clock = T0 + 600;
    const issued = await issuer.issue({ userId: 'ann', task: 't' });
    expect(sleeps).toEqual([400]);
    expect(iatOf(issued.token)).toBe(T0 / 1000 + 1);
  });

  it('honours a removal that happens while it waits', async () => {
    await store.recordRevocation('ann', T0 + 400);
    clock = T0 + 600;
    duringSleep = async () => {
      await store.removeParticipant('t', 'ann', clock);
    };
    const error = await issuer.issue({ userId: 'ann', task: 't' }).catch((err: unknown) => err);
    expect((error as BackendError).code).toBe(ErrorCode.ParticipantRemoved);
  });

  it('uses Ably’s instant instead of waiting long when Ably’s clock runs ahead', async () => {
    await store.recordRevocation('ann', T0 + 5_200);
    clock = T0 + 100;
    const issued = await issuer.issue({ userId: 'ann', task: 't' });
    expect(sleeps).toEqual([]);
    expect(iatOf(issued.token)).toBe(T0 / 1000 + 6);
  });

  it('prefers the stored name and role when the caller sends none', async () => {
    const issued = await issuer.issue({ userId: 'ann', task: 't' });
    expect(issued).toMatchObject({
      role: 'customer',
      name: 'Ann',
      room: 'task:t',
      clientId: 'ann',
      readOnly: false,
    });
  });
});
