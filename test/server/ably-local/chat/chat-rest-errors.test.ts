import { describe, expect, it } from 'vitest';
import type { LocalAbly } from '../../../../server/ably-local/create-server.js';
import { startLocalAbly, uniqueName } from '../../../support/local-ably.js';

function call(
  server: LocalAbly,
  method: string,
  path: string,
  body?: unknown,
  clientId: string | null = 'alice',
) {
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(server.clientOptions.key).toString('base64')}`,
    'x-ably-version': '4',
  };
  if (clientId) headers['x-ably-clientid'] = Buffer.from(clientId).toString('base64');
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${server.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(res: Response) {
  return {
    status: res.status,
    ...((await res.json()) as { error: { code: number; message: string } }).error,
  };
}

describe('Chat REST errors', () => {
  it.each([
    ['a body that is not an object', '[1]'],
    ['a missing text', { metadata: {} }],
    ['metadata that is not an object', { text: 'x', metadata: 'no' }],
    ['headers that are not an object', { text: 'x', headers: [1] }],
    ['malformed JSON', '{"text":'],
  ])('rejects a send with %s with 400/40000', async (_label, body) => {
    const server = await startLocalAbly();
    const room = uniqueName('room');
    const res = await call(server, 'POST', `/chat/v4/rooms/${room}/messages`, body);
    expect(await errorOf(res)).toMatchObject({ status: 400, code: 40000 });
    const history = await call(server, 'GET', `/chat/v4/rooms/${room}/messages`);
    expect(await history.json()).toEqual([]);
  });

  it('rejects a send from a caller without a clientId with 40012', async () => {
    const server = await startLocalAbly();
    const res = await call(server, 'POST', `/chat/v4/rooms/${uniqueName()}/messages`, { text: 'x' }, null);
    expect(await errorOf(res)).toMatchObject({ status: 400, code: 40012 });
  });

  it('rejects an unknown reaction type and a distinct removal without a name', async () => {
    const server = await startLocalAbly();
    const room = uniqueName('room');
    const sent = (await (
      await call(server, 'POST', `/chat/v4/rooms/${room}/messages`, { text: 'x' })
    ).json()) as {
      serial: string;
    };
    const path = `/chat/v4/rooms/${room}/messages/${encodeURIComponent(sent.serial)}/reactions`;
    expect(await errorOf(await call(server, 'POST', path, { type: 'bogus', name: '👍' }))).toMatchObject({
      status: 400,
      code: 40000,
    });
    expect(await errorOf(await call(server, 'POST', path, { type: 'distinct', name: '' }))).toMatchObject({
      status: 400,
    });
    expect(await errorOf(await call(server, 'DELETE', `${path}?type=distinct`))).toMatchObject({
      status: 400,
      code: 40000,
    });
  });

  it('answers 404/40400 for a message that does not exist', async () => {
    const server = await startLocalAbly();
    const res = await call(server, 'PUT', `/chat/v4/rooms/${uniqueName()}/messages/nope`, {
      message: { text: 'x' },
    });
    expect(await errorOf(res)).toMatchObject({ status: 404, code: 40400 });
  });

  it('keeps hostile text as data: markup and control characters come back verbatim', async () => {
    const server = await startLocalAbly();
    const room = uniqueName('room');
    const text = '<img src=x onerror=alert(1)>\u0000\u202e\ud83d\ude00';
    await call(server, 'POST', `/chat/v4/rooms/${room}/messages`, { text, headers: { '<script>': '"' } });
    const [message] = (await (await call(server, 'GET', `/chat/v4/rooms/${room}/messages`)).json()) as {
      text: string;
      headers: Record<string, string>;
    }[];
    expect(message!.text).toBe(text);
    expect(message!.headers).toEqual({ '<script>': '"' });
  });
});
