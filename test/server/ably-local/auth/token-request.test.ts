import * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import {
  macMatches,
  tokenRequestMac,
  type TokenRequest,
} from '../../../../server/ably-local/auth/token-request.js';

const KEY_NAME = 'app1.key1';
const SECRET = 'sekrit-value';

/** A TokenRequest signed by ably-js itself (RSA9), never by our code. */
async function signedBySdk(params: Ably.TokenParams = {}): Promise<TokenRequest> {
  const client = new Ably.Rest({ key: `${KEY_NAME}:${SECRET}`, logLevel: 0 });
  return (await client.auth.createTokenRequest(params)) as unknown as TokenRequest;
}

// RSA9g: base64(HMAC-SHA256(secret, keyName\nttl\ncapability\nclientId\ntimestamp\nnonce\n)).
describe('token request mac', () => {
  it.each<[string, Ably.TokenParams]>([
    ['no token params are given', {}],
    ['a clientId is given', { clientId: 'alice' }],
    ['a capability is given', { capability: { 'chat:*': ['subscribe', 'publish'], other: ['presence'] } }],
    ['a ttl is given', { ttl: 1500 }],
    [
      'every field is given',
      { clientId: 'bob', ttl: 60_000, capability: '{"*":["*"]}', timestamp: Date.now() - 1000 },
    ],
    ['the clientId is non-ASCII', { clientId: 'zoë-😀' }],
  ])('matches the mac ably-js computes when %s', async (_title, params) => {
    const request = await signedBySdk(params);
    expect(tokenRequestMac(request, SECRET)).toBe(request.mac);
    expect(macMatches(request, SECRET)).toBe(true);
  });

  it('matches when numeric fields arrive as strings through an authUrl', async () => {
    const request = await signedBySdk({ ttl: 5000, clientId: 'alice' });
    const relayed = { ...request, ttl: String(request.ttl), timestamp: String(request.timestamp) };
    expect(macMatches(relayed, SECRET)).toBe(true);
  });

  it('does not match when signed with another secret', async () => {
    const request = await signedBySdk({ clientId: 'alice' });
    expect(macMatches(request, 'other-secret')).toBe(false);
  });

  it.each<[string, Partial<TokenRequest>]>([
    ['the clientId is changed', { clientId: 'mallory' }],
    ['the capability is widened', { capability: '{"[*]*":["*"]}' }],
    ['the ttl is changed', { ttl: 86_400_000 }],
    ['the nonce is changed', { nonce: 'another-nonce-value' }],
    ['the timestamp is changed', { timestamp: 1 }],
    ['the key name is changed', { keyName: 'app1.key2' }],
  ])('does not match when %s after signing', async (_title, change) => {
    const request = await signedBySdk({ clientId: 'alice', ttl: 60_000, capability: { chan: ['publish'] } });
    expect(macMatches({ ...request, ...change }, SECRET)).toBe(false);
  });

  it('does not match when the mac is missing or of another length', async () => {
    const request = await signedBySdk();
    expect(macMatches({ ...request, mac: undefined }, SECRET)).toBe(false);
    expect(macMatches({ ...request, mac: `${request.mac}x` }, SECRET)).toBe(false);
    expect(macMatches({ ...request, mac: '' }, SECRET)).toBe(false);
  });
});
