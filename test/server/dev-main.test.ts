import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatClient, LogLevel } from '@ably/chat';
import * as Ably from 'ably';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createParticipantToken } from '../../server/backend/participants/participant-token.js';
import { startNpmStart, type NpmStart } from '../support/npm-start.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** `npm start` on free ports (test/support/npm-start.ts), killed after the test if still running. */
async function start(env: Record<string, string>, dataDir: string): Promise<NpmStart> {
  const app = await startNpmStart({ LOG_LEVEL: 'silent', ...env }, dataDir);
  cleanups.push(() => app.child.exitCode === null && app.child.kill('SIGKILL'));
  return app;
}

describe('npm start (server/dev-main.ts)', () => {
  it('serves the backend and ably-local together, so a participant can chat, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-chat-dev-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const embedSecret = 'test-embed-secret-0123456789abcdef0123';
    const serverSecret = 'test-server-secret-0123456789abcdef012';
    const app = await start(
      {
        EMBED_SECRET: embedSecret,
        SERVER_SECRET: serverSecret,
        SQLITE_PATH: join(dir, 'backend.sqlite'),
        ABLY_LOCAL_DATA: join(dir, 'ably-local.sqlite'),
      },
      dir,
    );
    const { backend } = app;
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
    // npm start points ably-local's before-publish rule at the backend's /api/moderation (docs/configuration.md §2).
    const refused = await room.messages.send({ text: 'this printer is bullshit' }).then(
      () => undefined,
      (err: unknown) => err as Ably.ErrorInfo,
    );
    expect(refused).toMatchObject({ code: 42213, detail: { rule: 'word-list', policy: 'support' } });
    expect(app.output()).toContain(`moderation: task rooms → ${backend}/api/moderation`);
    realtime.close();
    expect(await app.stop()).toBe(0);
  });

  it('keeps a random key in <data>.key (0600) instead of the published dev key, and reuses it on restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-chat-dev-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = {
      EMBED_SECRET: 'test-embed-secret-0123456789abcdef0123',
      SERVER_SECRET: 'test-server-secret-0123456789abcdef012',
      SQLITE_PATH: join(dir, 'backend.sqlite'),
      ABLY_LOCAL_DATA: join(dir, 'ably-local.sqlite'),
    };
    const first = await start(env, dir);
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
    await first.stop();
    const second = await start(env, dir);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(key);
    expect(second.output()).toContain(`key ${keyName} (stored in ${keyFile})`);
    expect(await second.stop()).toBe(0);
  });

  it('configures ably-local through ably-setup’s Control API, as a production app is, and finds it set up on restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-chat-dev-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = {
      EMBED_SECRET: 'test-embed-secret-0123456789abcdef0123',
      SERVER_SECRET: 'test-server-secret-0123456789abcdef012',
      MODERATION_SECRET: 'test-moderation-secret-0123456789abcdef',
    };
    const first = await start(env, dir);
    const tokenFile = join(dir, 'ably-local.sqlite.control-token');
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    // The banner's last lines may still be on their way when its URLs are known.
    await vi.waitFor(() => expect(first.output()).toContain('push:       '));
    expect(first.output()).toContain(`control:    ${first.ablyLocal}/v1  token generated into ${tokenFile}`);
    expect(first.output()).toMatch(/ably-setup: \d+ changes made; the app matches the description/);
    expect(first.output()).not.toContain(token);
    const appId = readFileSync(join(dir, 'ably-local.sqlite.key'), 'utf8').split('.')[0]!;
    const control = async (what: string) =>
      (
        await fetch(`${first.ablyLocal}/v1/apps/${appId}/${what}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json();
    const rules = (await control('rules')) as {
      ruleType: string;
      source?: { type: string };
      target: { url: string };
    }[];
    expect(rules.map((r) => [r.ruleType, r.source?.type, r.target.url])).toEqual([
      ['http', 'channel.message', `${first.backend}/api/webhooks/ably`],
      ['http', 'channel.presence', `${first.backend}/api/webhooks/ably`],
      ['http/before-publish', undefined, `${first.backend}/api/moderation`],
    ]);
    const namespaces = (await control('namespaces')) as { id: string }[];
    expect(namespaces.map((n) => n.id)).toEqual(['notifications', 'agent']);
    await first.stop();
    // Same ports are not guaranteed (PORT=0): a restart brings the rules to the new backend URL, nothing more.
    const second = await start(env, dir);
    await vi.waitFor(() => expect(second.output()).toContain('push:       '));
    expect(second.output()).toMatch(/ably-setup: (nothing to change|[1-3] changes? made); the app matches/);
    expect(await second.stop()).toBe(0);
  });
});
