import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChatClient, LogLevel } from '@ably/chat';
import * as Ably from 'ably';
import { afterEach, describe, expect, it } from 'vitest';
import { createParticipantToken } from '../../server/backend/participants/participant-token.js';

const DEV_MAIN = fileURLToPath(new URL('../../server/dev-main.ts', import.meta.url));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Runs `npm start`'s entry with free ports; resolves with the two URLs it prints. */
function start(
  env: Record<string, string>,
): Promise<{ backend: string; ablyLocal: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', DEV_MAIN], {
    // The element's build has tests of its own (ensure-widget-built.test.ts); this one must not rebuild dist/.
    env: { PATH: process.env.PATH ?? '', EMBEDDED_CHAT_SKIP_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const backend = /backend:\s+(http:\/\/\S+)/.exec(output)?.[1];
      const ablyLocal = /ably-local:\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (backend && ablyLocal) resolve({ backend, ablyLocal, child, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`dev-main exited with ${code}: ${output}`)));
  });
}

describe('npm start (server/dev-main.ts)', () => {
  it('serves the backend and ably-local together, so a participant can chat, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-chat-dev-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const embedSecret = 'test-embed-secret-0123456789abcdef0123';
    const serverSecret = 'test-server-secret-0123456789abcdef012';
    const { backend, child, output } = await start({
      PORT: '0',
      ABLY_LOCAL_PORT: '0',
      LOG_LEVEL: 'silent',
      EMBED_SECRET: embedSecret,
      SERVER_SECRET: serverSecret,
      SQLITE_PATH: join(dir, 'backend.sqlite'),
      ABLY_LOCAL_DATA: join(dir, 'ably-local.sqlite'),
    });
    const admin = (method: string, path: string, body: unknown) =>
      fetch(`${backend}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${serverSecret}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await admin('PUT', '/tasks/ticket-7', { type: 'ticket', title: 'Printer on fire' })).status).toBe(
      201,
    );
    expect(
      (await admin('PUT', '/tasks/ticket-7/participants/dana', { role: 'agent', name: 'Dana' })).status,
    ).toBe(201);
    const participantToken = createParticipantToken({
      secret: embedSecret,
      userId: 'dana',
      task: 'ticket-7',
      role: 'agent',
    });
    const issue = async () => {
      const res = await fetch(`${backend}/api/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ participantToken }),
      });
      return (await res.json()) as { token: string; room: string; clientOptions: Ably.ClientOptions };
    };
    const first = await issue();
    const realtime = new Ably.Realtime({
      ...first.clientOptions,
      authCallback: (_params, callback) =>
        issue().then(
          (t) => callback(null, t.token),
          (e: Error) => callback(e.message, null),
        ),
      logLevel: 0,
    });
    cleanups.push(() => realtime.close());
    const room = await new ChatClient(realtime, { logLevel: LogLevel.Silent }).rooms.get(first.room);
    await room.attach();
    const sent = await room.messages.send({ text: 'On my way' });
    expect(sent.clientId).toBe('dana');
    expect(JSON.parse(sent.userClaim!)).toMatchObject({ role: 'agent', name: 'Dana' });
    // npm start points ably-local's before-publish rule at the backend's /api/moderation (README "Moderation").
    const refused = await room.messages.send({ text: 'this printer is bullshit' }).then(
      () => undefined,
      (err: unknown) => err as Ably.ErrorInfo,
    );
    expect(refused).toMatchObject({ code: 42213, detail: { rule: 'word-list', policy: 'support' } });
    expect(output()).toContain(`moderation: task rooms → ${backend}/api/moderation`);
    realtime.close();
    child.kill('SIGTERM');
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
  });

  it('keeps a random key in <data>.key (0600) instead of the published dev key, and reuses it on restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-chat-dev-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = {
      PORT: '0',
      ABLY_LOCAL_PORT: '0',
      LOG_LEVEL: 'silent',
      EMBED_SECRET: 'test-embed-secret-0123456789abcdef0123',
      SERVER_SECRET: 'test-server-secret-0123456789abcdef012',
      SQLITE_PATH: join(dir, 'backend.sqlite'),
      ABLY_LOCAL_DATA: join(dir, 'ably-local.sqlite'),
    };
    const first = await start(env);
    const keyFile = join(dir, 'ably-local.sqlite.key');
    const key = readFileSync(keyFile, 'utf8').trim();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(key).not.toBe('local.dev:ably-local-dev-secret');
    const keyName = key.slice(0, key.indexOf(':'));
    expect(first.output()).toContain(`key ${keyName} (generated into ${keyFile})`);
    expect(first.output()).not.toContain(key.slice(key.indexOf(':') + 1));
    const time = (k: string) =>
      fetch(`${first.ablyLocal}/channels/x/messages`, {
        headers: { authorization: `Basic ${Buffer.from(k).toString('base64')}` },
      });
    expect((await time('local.dev:ably-local-dev-secret')).status).toBe(401);
    expect((await time(key)).status).toBe(200);
    first.child.kill('SIGTERM');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const second = await start(env);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(key);
    expect(second.output()).toContain(`key ${keyName} (stored in ${keyFile})`);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
  });
});
