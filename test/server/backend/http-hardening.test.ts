import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../server/backend/errors.js';
import { createLogger } from '../../../server/backend/logger.js';
import { SqliteStore } from '../../../server/backend/store/sqlite-store.js';
import { EMBED_SECRET, fetchJson, SERVER_SECRET, startBackend, uniqueTaskId } from './backend-harness.js';

describe('backend HTTP hardening', () => {
  it('sends helmet’s JSON API security headers and no X-Powered-By when answering', async () => {
    const backend = await startBackend();
    const response = await fetch(`${backend.url}/healthz`);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('allows a configured origin with credentials when the browser preflights and posts', async () => {
    const backend = await startBackend({ allowedOrigins: ['https://shop.example'] });
    const preflight = await fetch(`${backend.url}/api/token`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type');
    expect(preflight.headers.get('vary')).toMatch(/Origin/);
    const post = await backend.requestToken({}, { origin: 'https://shop.example' });
    expect(post.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(post.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('sends no CORS headers when the origin is not configured', async () => {
    const backend = await startBackend({ allowedOrigins: ['https://shop.example'] });
    const preflight = await fetch(`${backend.url}/api/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const post = await backend.requestToken({}, { origin: 'https://evil.example' });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows any origin without credentials when ALLOWED_ORIGINS is *', async () => {
    const backend = await startBackend({ allowedOrigins: ['*'] });
    const post = await backend.requestToken({}, { origin: 'https://anyone.example' });
    expect(post.headers.get('access-control-allow-origin')).toBe('*');
    expect(post.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers 404 / 1015 in JSON when no route matches', async () => {
    const backend = await startBackend();
    for (const path of ['/nope', '/api/nope', '/api/token/extra']) {
      const response = await fetchJson(`${backend.url}${path}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe(ErrorCode.NotFound);
    }
  });

  it('answers 500 / 1000 without internals and logs the error when the store fails', async () => {
    const store = new SqliteStore(':memory:');
    const failing = Object.assign(Object.create(store) as SqliteStore, {
      getTokenContext: () => Promise.reject(new Error('disk on fire at /var/lib/secret-path')),
    });
    const backend = await startBackend({ store: failing });
    const response = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'ann', task: 'order:1', role: 'customer' }),
    });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      error: { code: ErrorCode.Internal, message: 'unable to handle request; internal error' },
    });
    expect(backend.logs.some((line) => line.includes('disk on fire'))).toBe(true);
  });

  it('never logs secrets, participant tokens or Ably tokens when serving every kind of request', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, [{ userId: 'ann', role: 'customer' }]);
    const participantToken = backend.participantToken({ userId: 'ann', task, role: 'customer' });
    const issued = await backend.requestToken({ participantToken });
    expect(issued.status).toBe(200);
    const forged = `${participantToken.slice(0, -4)}AAAA`;
    await backend.requestToken({ participantToken: forged });
    await backend.requestToken({ participantToken: participantToken.slice(0, 20) });
    await fetch(`${backend.url}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"participantToken":"${participantToken}"`,
    });
    await fetch(`${backend.url}/api/tasks/${task}`, {
      headers: { authorization: `Bearer ${SERVER_SECRET}oops` },
    });
    await fetch(`${backend.url}/api/token?token=${participantToken}`, { method: 'POST' });
    await backend.admin('DELETE', `/tasks/${task}/participants/ann`);
    const text = backend.logs.join('\n');
    expect(backend.logs.length).toBeGreaterThan(5);
    for (const secret of [
      EMBED_SECRET,
      SERVER_SECRET,
      participantToken,
      participantToken.split('.')[2]!,
      forged,
      issued.body.token as string,
      backend.ably.keys[0]!.secret,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(backend.logs.some((line) => JSON.parse(line).userId === 'ann')).toBe(true);
  });

  it('censors credential fields when something logs them by mistake', () => {
    const lines: string[] = [];
    const logger = createLogger({
      destination: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          lines.push(chunk.toString());
          callback();
        },
      }),
    });
    logger.info(
      {
        participantToken: 'pt-secret',
        token: 'ably-secret',
        req: { headers: { authorization: 'Bearer server-secret', cookie: 'sid=1' } },
        ably: { key: 'app.key:secret-value', apiKey: 'app.key:secret-value' },
        err: { body: '{"participantToken":"raw-body-secret"}' },
      },
      'oops',
    );
    const text = lines.join('');
    for (const secret of [
      'pt-secret',
      'ably-secret',
      'server-secret',
      'sid=1',
      'secret-value',
      'raw-body-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });
});
