import type * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import { FORMATS, realtime, rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';

const KEY = 'app.limited:limited-secret';
/** Ops deliberately out of alphabetical order: Ably returns them as the key lists them. */
const KEY_CAPABILITY = { 'room:*': ['subscribe', 'publish', 'presence'], 'feed:*': ['subscribe'] };

async function limitedServer() {
  return startLocalAbly({ keys: [{ key: KEY, capability: KEY_CAPABILITY }] });
}

describe.each(FORMATS)('keys with their own capability over $format', ({ useBinaryProtocol }) => {
  // RSA6, TD5 (ably-js rest/capability "Blanket intersection with specified key")
  it('issues a token with the key capability, in the order the key gives it, when none is requested', async () => {
    const server = await limitedServer();
    const tokenDetails = await rest(server, useBinaryProtocol).auth.requestToken();
    expect(tokenDetails.capability).toBe(JSON.stringify(KEY_CAPABILITY));
  });

  // RSA6 (ably-js rest/capability "Wildcard token with publish and subscribe key")
  it('narrows a requested * to the key operations in the key order', async () => {
    const server = await limitedServer();
    const tokenDetails = await rest(server, useBinaryProtocol).auth.requestToken({
      capability: { 'room:a': ['*'] },
    });
    expect(tokenDetails.capability).toBe('{"room:a":["subscribe","publish","presence"]}');
  });

  // RSA6 (ably-js rest/capability "Ops intersection non-empty", "Paths intersection non-empty")
  it('keeps only what both the request and the key allow', async () => {
    const server = await limitedServer();
    const tokenDetails = await rest(server, useBinaryProtocol).auth.requestToken({
      capability: { 'feed:news': ['publish', 'subscribe'], 'other:x': ['subscribe'] },
    });
    expect(JSON.parse(tokenDetails.capability)).toEqual({ 'feed:news': ['subscribe'] });
  });

  // RSA6 (ably-js rest/capability "Empty ops intersection", "Empty paths intersection")
  it.each<[string, Ably.TokenParams['capability']]>([
    ['no operation in common', { 'feed:news': ['publish'] }],
    ['no resource in common', { elsewhere: ['subscribe'] }],
    ['an empty capability', {}],
  ])('refuses a token request with %s with 401/40160', async (_case, capability) => {
    const server = await limitedServer();
    const error = await rest(server, useBinaryProtocol)
      .auth.requestToken({ capability })
      .catch((e: Ably.ErrorInfo) => e);
    expect(error).toMatchObject({
      code: 40160,
      statusCode: 401,
      message: expect.stringContaining('key does not support requested capabilities'),
    });
  });

  // RSA6: a token never does more than its key, whatever it asked for
  it('limits a realtime client on a token from the key to the key capability', async () => {
    const server = await limitedServer();
    const signer = rest(server, useBinaryProtocol);
    const client = realtime(server, useBinaryProtocol, {
      authCallback: (_params, callback) => {
        signer.auth.createTokenRequest({ capability: { '*': ['*'] } }).then(
          (request) => callback(null, request),
          (err: Ably.ErrorInfo) => callback(err, null),
        );
      },
    });
    const feed = client.channels.get(`feed:${uniqueName()}`);
    await feed.attach();
    expect(feed.modes).toEqual(['subscribe', 'presence_subscribe']);
    await expect(feed.publish('x', 'no publish on feeds')).rejects.toMatchObject({ code: 40160 });
    const error = await client.channels
      .get(uniqueName())
      .attach()
      .catch((e: Ably.ErrorInfo) => e);
    expect(error).toMatchObject({ code: 40160, statusCode: 401 });
  });

  // RSA6: Basic auth with the key gets exactly the key capability
  it('limits a client authenticated with the key itself', async () => {
    const server = await limitedServer();
    const client = rest(server, useBinaryProtocol, { key: KEY });
    await client.channels.get(`room:${uniqueName()}`).publish('ok', 'allowed');
    await expect(client.channels.get(`feed:${uniqueName()}`).publish('x', 'no')).rejects.toMatchObject({
      code: 40160,
      statusCode: 401,
    });
    await expect(client.channels.get(`room:${uniqueName()}`).history()).rejects.toMatchObject({
      code: 40160,
    });
  });
});
