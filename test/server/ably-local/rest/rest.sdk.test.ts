import type * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import { FORMATS, rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';

describe.each(FORMATS)('REST over $format', ({ useBinaryProtocol }) => {
  it('tells the time', async () => {
    const server = await startLocalAbly();
    const before = Date.now();
    const time = await rest(server, useBinaryProtocol).time();
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it('publishes and returns history newest first with stamped fields', async () => {
    const server = await startLocalAbly();
    const channel = rest(server, useBinaryProtocol, { clientId: 'alice' }).channels.get(uniqueName());
    const result = await channel.publish('greeting', { text: 'héllo 👋' });
    await channel.publish([
      { name: 'a', data: 'one', extras: { headers: { k: 'v' } } },
      { name: 'b', data: Buffer.from('bytes') },
    ]);
    const page = await channel.history();
    expect(page.items.map((m) => m.name)).toEqual(['b', 'a', 'greeting']);
    const greeting = page.items[2]!;
    expect(greeting.serial).toBe(result.serials[0]);
    expect(greeting.data).toEqual({ text: 'héllo 👋' });
    expect(greeting.clientId).toBe('alice');
    expect(greeting.timestamp).toBeTypeOf('number');
    expect(page.items[1]!.extras).toEqual({ headers: { k: 'v' } });
    expect(Buffer.from(page.items[0]!.data as Uint8Array).toString()).toBe('bytes');
  });

  it('pages through history in both directions with Link headers', async () => {
    const server = await startLocalAbly();
    const channel = rest(server, useBinaryProtocol).channels.get(uniqueName());
    for (let i = 0; i < 7; i++) await channel.publish('n', String(i));
    const seen: string[] = [];
    let page: Ably.PaginatedResult<Ably.InboundMessage> | null = await channel.history({ limit: 3 });
    while (page) {
      seen.push(...page.items.map((m) => m.data as string));
      page = page.hasNext() ? await page.next() : null;
    }
    expect(seen).toEqual(['6', '5', '4', '3', '2', '1', '0']);
    const forwards = await channel.history({ limit: 4, direction: 'forwards' });
    expect(forwards.items.map((m) => m.data)).toEqual(['0', '1', '2', '3']);
    const rest2 = await forwards.next();
    expect(rest2!.items.map((m) => m.data)).toEqual(['4', '5', '6']);
    expect(rest2!.hasNext()).toBe(false);
    const first = await rest2!.first();
    expect(first.items.map((m) => m.data)).toEqual(['0', '1', '2', '3']);
  });

  it('reports no next page when the last page is exactly full', async () => {
    const server = await startLocalAbly();
    const channel = rest(server, useBinaryProtocol).channels.get(uniqueName());
    for (let i = 0; i < 4; i++) await channel.publish('n', String(i));
    const page = await channel.history({ limit: 2 });
    const next = await page.next();
    expect(next!.items).toHaveLength(2);
    expect(next!.hasNext()).toBe(false);
    expect((await channel.history({ limit: 4 })).hasNext()).toBe(false);
  });

  it('filters history by start and end', async () => {
    const server = await startLocalAbly();
    const channel = rest(server, useBinaryProtocol).channels.get(uniqueName());
    await channel.publish('n', 'early');
    const page1 = await channel.history();
    const earlyAt = page1.items[0]!.timestamp;
    let lateAt = earlyAt;
    // Publish until the clock has moved on, so the two messages have distinct timestamps.
    while (lateAt === earlyAt) {
      await channel.publish('n', 'late');
      lateAt = (await channel.history({ limit: 1 })).items[0]!.timestamp;
    }
    const onlyEarly = await channel.history({ end: earlyAt });
    expect(onlyEarly.items.map((m) => m.data)).toEqual(['early']);
    const onlyLate = await channel.history({ start: lateAt });
    expect(new Set(onlyLate.items.map((m) => m.data))).toEqual(new Set(['late']));
  });

  it('returns an empty page for a channel with no messages', async () => {
    const server = await startLocalAbly();
    const page = await rest(server, useBinaryProtocol).channels.get(uniqueName()).history();
    expect(page.items).toEqual([]);
    expect(page.hasNext()).toBe(false);
  });

  it('rejects a limit over 1000 with 40003', async () => {
    const server = await startLocalAbly();
    const channel = rest(server, useBinaryProtocol).channels.get(uniqueName());
    await expect(channel.history({ limit: 1001 })).rejects.toMatchObject({ code: 40003, statusCode: 400 });
  });

  it('publishes idempotently when the SDK retries with the same message ids', async () => {
    const server = await startLocalAbly();
    const client = rest(server, useBinaryProtocol);
    const channel = client.channels.get(uniqueName());
    const message = { id: 'fixed-id:0', name: 'once', data: 'x' };
    const a = await channel.publish(message);
    const b = await channel.publish(message);
    expect(b.serials).toEqual(a.serials);
    expect((await channel.history()).items).toHaveLength(1);
  });
});

describe('REST over plain HTTP', () => {
  const auth = (key: string) => ({ authorization: `Basic ${Buffer.from(key).toString('base64')}` });

  it('answers errors with ErrorInfo JSON and X-Ably-Error headers', async () => {
    const server = await startLocalAbly();
    const res = await fetch(`${server.url}/channels/x/messages`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-ably-errorcode')).toBe('40100');
    const body = (await res.json()) as { error: { code: number; statusCode: number; message: string } };
    expect(body.error).toMatchObject({ code: 40100, statusCode: 401 });
  });

  it('answers unknown routes with 404/40400', async () => {
    const server = await startLocalAbly();
    const res = await fetch(`${server.url}/nope`, { headers: auth(server.clientOptions.key) });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-ably-errorcode')).toBe('40400');
  });

  it('rejects a malformed JSON body with 40000', async () => {
    const server = await startLocalAbly();
    const res = await fetch(`${server.url}/channels/x/messages`, {
      method: 'POST',
      headers: { ...auth(server.clientOptions.key), 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-ably-errorcode')).toBe('40000');
  });

  it('wraps responses and errors in an envelope when asked', async () => {
    const server = await startLocalAbly();
    const ok = await fetch(`${server.url}/channels/x/messages?envelope=json&limit=1`, {
      headers: auth(server.clientOptions.key),
    });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { statusCode: number; response: unknown[]; headers: { link: string } };
    expect(body.statusCode).toBe(200);
    expect(body.response).toEqual([]);
    expect(body.headers.link).toContain('rel="first"');
    const bad = await fetch(`${server.url}/channels/x/messages?envelope=json`);
    const badBody = (await bad.json()) as { statusCode: number; headers: Record<string, string> };
    expect(bad.status).toBe(200);
    expect(badBody.statusCode).toBe(401);
    expect(badBody.headers['x-ably-errorcode']).toBe('40100');
  });

  it('allows credentialed CORS from any origin', async () => {
    const server = await startLocalAbly();
    const preflight = await fetch(`${server.url}/channels/x/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://shop.example');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const res = await fetch(`${server.url}/time`, { headers: { origin: 'http://shop.example' } });
    expect(res.headers.get('access-control-expose-headers')).toContain('x-ably-errorcode');
  });

  it('serves the connectivity check the SDK probes', async () => {
    const server = await startLocalAbly();
    const res = await fetch(`${server.url}/is-the-internet-up.txt`);
    expect(await res.text()).toBe('yes\n');
  });
});
