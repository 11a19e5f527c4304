import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLocalAbly } from '../../support/local-ably.js';
import { startPostgres } from '../../support/postgres.js';
import { EMBED_SECRET, fetchJson, SERVER_SECRET } from './backend-harness.js';
import { createParticipantToken } from '../../../server/backend/participants/participant-token.js';

const MAIN = fileURLToPath(new URL('../../../server/backend/main.ts', import.meta.url));
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Runs main.ts with `env`; resolves with its URL once it prints that it listens. */
function startMain(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`main exited with ${code}: ${output}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((r) => child.once('exit', r));
}

async function flow(url: string, task: string): Promise<void> {
  const admin = (method: string, path: string, body?: unknown) =>
    fetchJson(`${url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${SERVER_SECRET}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  expect((await admin('PUT', `/tasks/${task}`, { type: 'order', title: 'Order' })).status).toBe(201);
  expect((await admin('PUT', `/tasks/${task}/participants/ann`, { role: 'buyer', name: 'Ann' })).status).toBe(
    201,
  );
  const participantToken = createParticipantToken({
    secret: EMBED_SECRET,
    userId: 'ann',
    task,
    role: 'buyer',
  });
  const token = await fetchJson(`${url}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ participantToken }),
  });
  expect(token.status).toBe(200);
  expect((await admin('DELETE', `/tasks/${task}/participants/ann`)).status).toBe(200);
}

describe('main.ts', () => {
  it('serves the API and the element from env config with SQLite and exits 0 on SIGTERM', async () => {
    const ably = await startLocalAbly();
    const dir = mkdtempSync(join(tmpdir(), 'embedded-chat-main-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'embedded-chat.js'), 'export {};\n');
    const { child, url } = await startMain({
      PORT: '0',
      EMBED_SECRET,
      SERVER_SECRET,
      ABLY_API_KEY: ably.clientOptions.key,
      ABLY_ENDPOINT: '127.0.0.1',
      ABLY_PORT: String(ably.port),
      SQLITE_PATH: join(dir, 'data', 'chat.sqlite'),
      WIDGET_DIR: join(dir, 'dist'),
      LOG_LEVEL: 'silent',
    });
    expect((await fetchJson(`${url}/healthz`)).body).toEqual({ status: 'ok' });
    const element = await fetch(`${url}/embedded-chat.js`);
    expect(element.status).toBe(200);
    expect(element.headers.get('access-control-allow-origin')).toBe('*');
    await flow(url, 'order:main-sqlite');
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  });

  it('serves the API on PostgreSQL when DATABASE_URL is set', async () => {
    const ably = await startLocalAbly();
    const postgres = await startPostgres();
    cleanups.push(() => postgres.stop());
    const { child, url } = await startMain({
      PORT: '0',
      EMBED_SECRET,
      SERVER_SECRET,
      ABLY_API_KEY: ably.clientOptions.key,
      ABLY_ENDPOINT: '127.0.0.1',
      ABLY_PORT: String(ably.port),
      DATABASE_URL: postgres.databaseUrl,
      LOG_LEVEL: 'silent',
    });
    await flow(url, 'order:main-postgres');
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  }, 60_000);

  it('says in its log that the Ably app is not set up, and which command fixes it', async () => {
    const ably = await startLocalAbly({
      keys: [{ key: 'app.narrow:secret', capability: { 'task:*': ['*'] }, revocableTokens: false }],
    });
    const { child, output } = await startMain({
      PORT: '0',
      EMBED_SECRET,
      SERVER_SECRET,
      ABLY_API_KEY: ably.clientOptions.key,
      ABLY_ENDPOINT: '127.0.0.1',
      ABLY_PORT: String(ably.port),
      SQLITE_PATH: ':memory:',
      LOG_LEVEL: 'warn',
    });
    await vi.waitFor(() => expect(output()).toContain('the Ably app is not set up'));
    const line = JSON.parse(
      output()
        .split('\n')
        .find((l) => l.includes('the Ably app is not set up'))!,
    );
    expect(line).toMatchObject({ level: 40, fix: 'npm run ably-setup' });
    expect(line.problems).toEqual([
      'the key lacks publish, push-subscribe on notifications:*; publish, subscribe on inbox:*: tokens would be refused those',
      'the key does not have revocable tokens: removed participants would keep chatting',
    ]);
    expect(line.msg).toContain('Run `npm run ably-setup`');
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  });

  it('exits 2 listing every problem when the configuration is invalid', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { PATH: process.env.PATH ?? '', EMBED_SECRET: 'short', PORT: 'x' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitCode(child)).toBe(2);
    expect(stderr).toMatch(/invalid configuration/);
    expect(stderr).toMatch(/EMBED_SECRET must be at least 32/);
    expect(stderr).toMatch(/SERVER_SECRET is required/);
    expect(stderr).toMatch(/PORT/);
  });
});
