import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChatClient, LogLevel } from '@ably/chat';
import * as Ably from 'ably';
import { afterEach, describe, expect, it } from 'vitest';
import { createParticipantToken } from '../../server/backend/participants/participant-token.js';
import type { IssuedToken } from '../../server/backend/tokens/token-issuer.js';
import { pushDeviceClient } from '../support/push.js';
import { LocalPushService, testCertificate } from '../support/push-service.js';

const DEV_MAIN = fileURLToPath(new URL('../../server/dev-main.ts', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const EMBED = 'test-embed-secret-0123456789abcdef0123';
const SERVER = 'test-server-secret-0123456789abcdef012';

/**
 * `npm start` with the push service's certificate trusted through NODE_EXTRA_CA_CERTS — as someone pointing
 * ably-local at their own push relay would — so the Web Push goes through Node's global HTTPS agent.
 */
describe('npm start push alerts (issue #9)', () => {
  it('alerts an offline participant through the webhook rule npm start configures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-chat-push-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const service = await LocalPushService.start();
    cleanups.push(() => service.close());
    const child = spawn(process.execPath, ['--import', 'tsx', DEV_MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        EMBEDDED_CHAT_SKIP_BUILD: '1',
        NODE_EXTRA_CA_CERTS: testCertificate().certPath,
        PORT: '0',
        ABLY_LOCAL_PORT: '0',
        LOG_LEVEL: 'silent',
        EMBED_SECRET: EMBED,
        SERVER_SECRET: SERVER,
        SQLITE_PATH: join(dir, 'backend.sqlite'),
        ABLY_LOCAL_DATA: join(dir, 'ably-local.sqlite'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => void (child.exitCode === null && child.kill('SIGKILL')));
    let output = '';
    const backend = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /backend:\s+(http:\/\/\S+)/.exec(output)?.[1];
        if (url && output.includes('push:')) resolve(url);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`dev-main exited with ${code}: ${output}`)));
    });
    expect(output).toMatch(/push:\s+http:\/\/127\.0\.0\.1:\d+\/push\/outbox\.html/);
    const admin = (path: string, body: unknown) =>
      fetch(`${backend}/api${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${SERVER}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await admin('/tasks/ticket-9', {
      type: 'ticket',
      title: 'Printer on fire',
      url: 'https://desk.example/t/9',
    });
    await admin('/tasks/ticket-9/participants/ann', { role: 'customer', name: 'Ann' });
    await admin('/tasks/ticket-9/participants/dana', { role: 'agent', name: 'Dana' });
    const token = async (userId: string, role: string) => {
      const participantToken = createParticipantToken({
        secret: EMBED,
        userId,
        task: 'ticket-9',
        role: role as 'agent',
      });
      const res = await fetch(`${backend}/api/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ participantToken }),
      });
      return (await res.json()) as IssuedToken;
    };
    // Dana turned "notify me" on and closed the tab.
    const dana = await token('dana', 'agent');
    const subscription = service.subscribe();
    const { endpoint, port } = dana.clientOptions as { endpoint: string; port: number };
    const device = pushDeviceClient({ clientOptions: { endpoint, port, tls: false, key: '' } }, false, {
      clientId: 'dana',
      token: dana.token,
      subscription: () => subscription,
    });
    await device.push.activate();
    // Ann writes.
    const ann = await token('ann', 'customer');
    const realtime = new Ably.Realtime({
      ...(ann.clientOptions as Ably.ClientOptions),
      token: ann.token,
      logLevel: 0,
    });
    cleanups.push(() => realtime.close());
    const room = await new ChatClient(realtime, { logLevel: LogLevel.Silent }).rooms.get(ann.room);
    await room.attach();
    await room.messages.send({ text: 'It is smoking now' });
    await service.until(() => service.for(subscription.id).length === 1);
    expect(service.for(subscription.id)[0]!.payload).toMatchObject({
      notification: { title: 'Printer on fire', body: 'Ann: It is smoking now' },
      data: { task: 'ticket-9', url: 'https://desk.example/t/9' },
    });
    child.kill('SIGTERM');
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
  });
});
