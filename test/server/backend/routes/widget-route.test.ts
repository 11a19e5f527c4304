import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../server/backend/errors.js';
import { closeAfter, fetchJson, startBackend } from '../backend-harness.js';

const LOADER = 'import("./chunks/element-3f9a1c.js");\n//# sourceMappingURL=embedded-chat.js.map\n';
const CHUNK = 'export const element = "embedded-chat";\n';

/** A fake build: `<tmp>/dist/…`, with a secret next to it that must never be served. */
function fakeBuild(files: Record<string, string> = {}): { root: string; dist: string } {
  const root = mkdtempSync(join(tmpdir(), 'embedded-chat-widget-'));
  closeAfter(async () => rmSync(root, { recursive: true, force: true }));
  const dist = join(root, 'dist');
  writeFileSync(join(root, 'package.json'), '{"secret":"OUTSIDE-THE-BUILD"}');
  writeBuild(dist, files);
  return { root, dist };
}

function writeBuild(dist: string, extra: Record<string, string> = {}): void {
  const files: Record<string, string> = {
    'embedded-chat.js': LOADER,
    'embedded-chat.js.map': '{"version":3,"sources":[]}',
    'chunks/element-3f9a1c.js': CHUNK,
    'chunks/element-3f9a1c.js.map': '{"version":3,"sources":[]}',
    'chunks/notes.txt': 'OUTSIDE-THE-BUILD',
    'chunks/.hidden.js': 'OUTSIDE-THE-BUILD',
    'index.html': 'OUTSIDE-THE-BUILD',
    ...extra,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dist, path, '..'), { recursive: true });
    writeFileSync(join(dist, path), content);
  }
}

/**
 * A GET with the path and headers sent exactly as written: fetch would normalise `..` and `%2e%2e`, and adds
 * `Cache-Control: no-cache` to conditional requests.
 */
function rawGet(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

function expectCrossOrigin(headers: Headers): void {
  expect(headers.get('access-control-allow-origin')).toBe('*');
  expect(headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  expect(headers.get('x-content-type-options')).toBe('nosniff');
}

describe('the built element', () => {
  it('serves the loader to any origin with revalidation when a page loads it', async () => {
    const { dist } = fakeBuild();
    const backend = await startBackend({ widgetDir: dist });
    const response = await fetch(`${backend.url}/embedded-chat.js`, {
      headers: { origin: 'https://shop.example' },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(LOADER);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expectCrossOrigin(response.headers);
    expect(response.headers.get('content-security-policy')).toBeNull();
    const etag = response.headers.get('etag');
    const lastModified = response.headers.get('last-modified');
    expect(etag).toBeTruthy();
    expect(lastModified).toBeTruthy();
    expect((await rawGet(backend.url, '/embedded-chat.js', { 'if-none-match': etag! })).status).toBe(304);
    const since = await rawGet(backend.url, '/embedded-chat.js', { 'if-modified-since': lastModified! });
    expect(since.status).toBe(304);
    const head = await fetch(`${backend.url}/embedded-chat.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(LOADER)));
  });

  it('serves hashed chunks and their source maps as immutable when the loader imports them', async () => {
    const { dist } = fakeBuild();
    const backend = await startBackend({ widgetDir: dist });
    const chunk = await fetch(`${backend.url}/chunks/element-3f9a1c.js`);
    expect(await chunk.text()).toBe(CHUNK);
    expect(chunk.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectCrossOrigin(chunk.headers);
    const map = await fetch(`${backend.url}/chunks/element-3f9a1c.js.map`);
    expect(map.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(map.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const loaderMap = await fetch(`${backend.url}/embedded-chat.js.map`);
    expect(loaderMap.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(loaderMap.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves the eager entry and the chunks it imports from chunks/eager/ when the build has them', async () => {
    const eager = 'export const chat = 1;\nimport("./chunks/eager/extras-c3.js");\n';
    const { dist } = fakeBuild({
      'embedded-chat.eager.js': eager,
      'embedded-chat.eager.js.map': '{"version":3,"sources":[]}',
      'chunks/eager/extras-c3.js': CHUNK,
    });
    const backend = await startBackend({ widgetDir: dist });
    const entry = await fetch(`${backend.url}/embedded-chat.eager.js`);
    expect(await entry.text()).toBe(eager);
    expect(entry.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(entry.headers.get('cache-control')).toBe('no-cache');
    expectCrossOrigin(entry.headers);
    const map = await fetch(`${backend.url}/embedded-chat.eager.js.map`);
    expect(map.headers.get('cache-control')).toBe('no-cache');
    const chunk = await fetch(`${backend.url}/chunks/eager/extras-c3.js`);
    expect(await chunk.text()).toBe(CHUNK);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('serves the service worker with Service-Worker-Allowed and the manifest as JSON when they are built', async () => {
    const { dist } = fakeBuild({
      'embedded-chat-sw.js': 'self.addEventListener("push", () => {});',
      'custom-elements.json': '{"schemaVersion":"1.0.0","modules":[]}',
    });
    const backend = await startBackend({ widgetDir: dist });
    const worker = await fetch(`${backend.url}/embedded-chat-sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(worker.headers.get('service-worker-allowed')).toBe('/');
    expectCrossOrigin(worker.headers);
    const manifest = await fetch(`${backend.url}/custom-elements.json`);
    expect(await manifest.json()).toEqual({ schemaVersion: '1.0.0', modules: [] });
    expect(manifest.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    expect(
      (await fetch(`${backend.url}/chunks/element-3f9a1c.js`)).headers.get('service-worker-allowed'),
    ).toBeNull();
  });

  it('answers the JSON 404 when a file is missing, hidden, not a script or a directory', async () => {
    const { dist } = fakeBuild();
    const backend = await startBackend({ widgetDir: dist });
    for (const path of [
      '/embedded-chat-sw.js',
      '/custom-elements.json',
      '/chunks/element-000000.js',
      '/chunks/notes.txt',
      '/chunks/.hidden.js',
      '/chunks/',
      '/chunks',
      '/index.html',
      '/embedded-chat.js/',
    ]) {
      const response = await fetchJson(`${backend.url}${path}`);
      expect({ path, status: response.status, code: response.body?.error?.code }).toEqual({
        path,
        status: 404,
        code: ErrorCode.NotFound,
      });
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    const post = await fetchJson(`${backend.url}/chunks/element-3f9a1c.js`, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it.each([
    '/chunks/..%2f..%2fpackage.json',
    '/chunks/..%2F..%2Fpackage.json',
    '/chunks/%2e%2e/%2e%2e/package.json',
    '/chunks/../../package.json',
    '/chunks/..%5c..%5cpackage.json',
    '/chunks/%00.js',
    '/chunks/....//....//package.json',
    '/embedded-chat.js/..%2f..%2fpackage.json',
  ])('never leaves the build folder when asked for %s', async (path) => {
    const { dist } = fakeBuild();
    const backend = await startBackend({ widgetDir: dist });
    const response = await rawGet(backend.url, path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('OUTSIDE-THE-BUILD');
  });

  it('answers 404 / 1016 with the build command when the element is not built, and serves it once built', async () => {
    const { root } = fakeBuild();
    const dist = join(root, 'not-built-yet');
    const backend = await startBackend({ widgetDir: dist });
    for (const path of ['/embedded-chat.js', '/chunks/element-3f9a1c.js']) {
      const response = await fetchJson(`${backend.url}${path}`);
      expect(response.status).toBe(404);
      expect(response.body.error).toEqual({
        code: ErrorCode.WidgetNotBuilt,
        message: 'unable to serve the element; it is not built',
        remediation: expect.stringContaining('run npm run build'),
      });
      expectCrossOrigin(response.headers);
    }
    writeBuild(dist);
    expect((await fetch(`${backend.url}/embedded-chat.js`)).status).toBe(200);
  });

  it('answers 412 without a body when a precondition the client set fails', async () => {
    const { dist } = fakeBuild();
    const backend = await startBackend({ widgetDir: dist });
    const response = await fetch(`${backend.url}/embedded-chat.js`, { headers: { 'if-match': '"nope"' } });
    expect(response.status).toBe(412);
    expect(await response.text()).toBe('');
    expect(backend.logs.some((line) => JSON.parse(line).level >= 50)).toBe(false);
  });

  it('keeps the strict API headers everywhere else when it serves the element', async () => {
    const { dist } = fakeBuild();
    const backend = await startBackend({ widgetDir: dist });
    for (const response of [
      await fetch(`${backend.url}/healthz`),
      await fetch(`${backend.url}/api/token`, { method: 'POST' }),
      await fetch(`${backend.url}/api/nope`),
    ]) {
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('serves no element when createApp is given no widgetDir', async () => {
    const backend = await startBackend();
    const response = await fetchJson(`${backend.url}/embedded-chat.js`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe(ErrorCode.NotFound);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
});
