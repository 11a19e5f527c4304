import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttachmentRef } from '../../server/contract/api-contract.js';
import { DiskStorage } from '../../server/backend/attachments/disk-storage.js';
import { uploadAs } from '../../server/demo-host/host-uploads.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import * as Ably from 'ably';
import { ChatClient, MessageReactionType, type Room } from '@ably/chat';
import express from 'express';
import { createLocalAbly, type LocalAbly } from '../../server/ably-local/create-server.js';
import { AGENT_NAMESPACE } from '../../server/backend/ably-auth/channel-names.js';
import { createApp } from '../../server/backend/app.js';
import { createLogger } from '../../server/backend/logger.js';
import { createParticipantToken } from '../../server/backend/participants/participant-token.js';
import { createUserToken } from '../../server/backend/participants/user-token.js';
import { applyAblySetup } from '../support/ably-setup.js';
import { SqliteStore } from '../../server/backend/store/sqlite-store.js';
import type { Role } from '../../server/backend/ably-auth/capabilities.js';

/** A clock ably-local reads, moved back to seed "yesterday". */
export class ShiftedClock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

export interface Person {
  userId: string;
  name: string;
  role: Role;
}

/**
 * ably-local + the backend + a host-page server on another origin, for screenshots and benchmarks: the
 * element is loaded from `dist/` exactly as a host page would load it.
 */
export class VisualStack {
  readonly clock = new ShiftedClock();
  readonly embedSecret = randomBytes(24).toString('hex');
  readonly serverSecret = randomBytes(24).toString('hex');
  ably!: LocalAbly;
  backendUrl = '';
  pageUrl = '';
  private _servers: Server[] = [];
  private _clients: ChatClient[] = [];
  private _realtimes: Ably.Realtime[] = [];
  private _pages = new Map<string, string>();
  /** Where the backend keeps attachments (deleted on close). */
  private readonly _files = mkdtempSync(join(tmpdir(), 'visual-files-'));

  static async start(): Promise<VisualStack> {
    const stack = new VisualStack();
    await stack._start();
    return stack;
  }

  private async _start(): Promise<void> {
    this.ably = await createLocalAbly({
      clock: this.clock,
      webhookTiming: { batchIntervalMs: 5 },
      // Agents stream replies as appends on `agent:<task>`, which needs the rule `npm run ably-setup` applies.
      namespaces: [{ id: AGENT_NAMESPACE, mutableMessages: true }],
    });
    const pages = express();
    const dist = fileURLToPath(new URL('../../dist', import.meta.url));
    pages.use('/dist', express.static(dist));
    pages.get('/page/:name', (req, res) => {
      res.type('html').send(this._pages.get(req.params.name) ?? 'no such page');
    });
    const pageServer = await listen(pages);
    this.pageUrl = `http://127.0.0.1:${pageServer.port}`;
    const backend = createApp({
      store: new SqliteStore(':memory:'),
      ably: { apiKey: this.ably.clientOptions.key, endpoint: '127.0.0.1', port: this.ably.port, tls: false },
      embedSecret: this.embedSecret,
      serverSecret: this.serverSecret,
      allowedOrigins: [this.pageUrl],
      rateLimits: { perIp: 100_000, perUser: 100_000, attachmentsPerUser: 100_000 },
      attachments: { storage: new DiskStorage(this._files) },
      logger: createLogger({ level: 'silent' }),
    });
    const backendServer = await listen(backend);
    this.backendUrl = `http://127.0.0.1:${backendServer.port}`;
    this._servers.push(pageServer.server, backendServer.server);
    // As `npm run ably-setup` does: room messages reach the backend, which keeps every user's inbox.
    await applyAblySetup(this.ably, { publicUrl: this.backendUrl, pushAlerts: false, inbox: true });
  }

  /** Serves `html` at `${pageUrl}/page/${name}`. */
  page(name: string, html: string): string {
    this._pages.set(name, html);
    return `${this.pageUrl}/page/${name}`;
  }

  async createTask(task: string, title: string, people: Person[]): Promise<void> {
    const auth = { authorization: `Bearer ${this.serverSecret}`, 'content-type': 'application/json' };
    await check(
      fetch(`${this.backendUrl}/api/tasks/${encodeURIComponent(task)}`, {
        method: 'PUT',
        headers: auth,
        body: JSON.stringify({ type: task.split(':')[0], title }),
      }),
    );
    for (const p of people) {
      await check(
        fetch(
          `${this.backendUrl}/api/tasks/${encodeURIComponent(task)}/participants/${encodeURIComponent(p.userId)}`,
          {
            method: 'PUT',
            headers: auth,
            body: JSON.stringify({ role: p.role, name: p.name }),
          },
        ),
      );
    }
  }

  async closeTask(task: string): Promise<void> {
    await check(
      fetch(`${this.backendUrl}/api/tasks/${encodeURIComponent(task)}/close`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.serverSecret}` },
      }),
    );
  }

  participantToken(task: string, p: Person): string {
    return createParticipantToken({
      secret: this.embedSecret,
      userId: p.userId,
      task,
      role: p.role,
      name: p.name,
      ttlSeconds: 3600,
    });
  }

  /** A user token for `p` (the inbox's), valid for an hour. */
  userToken(p: Person): string {
    return createUserToken({ secret: this.embedSecret, userId: p.userId, ttlSeconds: 3600 });
  }

  /** A Node chat client for `p` in the task's room, attached. */
  async join(task: string, p: Person): Promise<Room> {
    const tokenUrl = `${this.backendUrl}/api/token`;
    const participantToken = this.participantToken(task, p);
    const fetchToken = async () => {
      const res = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ participantToken }),
      });
      return (await res.json()) as { token: string; room: string; clientOptions: Ably.ClientOptions };
    };
    const first = await fetchToken();
    const realtime = new Ably.Realtime({
      ...first.clientOptions,
      token: first.token,
      authCallback: (_p, cb) =>
        void fetchToken().then(
          (a) => cb(null, a.token),
          (e: Error) => cb(e.message, null),
        ),
      useBinaryProtocol: false,
      logLevel: 0,
    });
    const chat = new ChatClient(realtime);
    this._realtimes.push(realtime);
    this._clients.push(chat);
    const room = await chat.rooms.get(first.room);
    await room.attach();
    return room;
  }

  /** Uploads a file as `p` through the backend's public routes, as the element does; what a message lists. */
  async upload(
    task: string,
    p: Person,
    file: { name: string; type: string; bytes: Buffer },
  ): Promise<AttachmentRef> {
    const settings = {
      backendUrl: this.backendUrl,
      publicUrl: this.pageUrl,
      embedSecret: this.embedSecret,
      serverSecret: this.serverSecret,
    };
    const ref = await uploadAs(settings, task, p, file);
    if (!ref) throw new Error('unable to upload; the backend keeps no files');
    return ref;
  }

  async react(room: Room, serial: string, name: string): Promise<void> {
    await room.messages.reactions.send(serial, { name, type: MessageReactionType.Distinct });
  }

  async close(): Promise<void> {
    await Promise.all(this._clients.map((c) => c.dispose().catch(() => undefined)));
    for (const r of this._realtimes) r.close();
    await Promise.all(this._servers.map((s) => new Promise((resolve) => s.close(resolve))));
    await this.ably.close();
    rmSync(this._files, { recursive: true, force: true });
  }
}

async function listen(app: express.Express): Promise<{ server: Server; port: number }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { server, port: (server.address() as AddressInfo).port };
}

async function check(response: Promise<Response>): Promise<void> {
  const res = await response;
  if (!res.ok) throw new Error(`unable to seed; ${res.status} ${await res.text()}`);
}
