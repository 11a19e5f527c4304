import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyAblySetup } from '../ably-setup.js';
import { createLocalAbly, type LocalAbly } from '../../../server/ably-local/create-server.js';
import { createApp } from '../../../server/backend/app.js';
import { createLogger } from '../../../server/backend/logger.js';
import { createParticipantToken } from '../../../server/backend/participants/participant-token.js';
import { SqliteStore } from '../../../server/backend/store/sqlite-store.js';
import { LocalPushService } from '../push-service.js';
import type {
  DeviceJson,
  PushParticipantPayload,
  PushStackInfo,
  PushTaskPayload,
  TestPushSubscription,
} from './push-stack-commands.js';

const LIMITS = { windowMs: 60_000, perIp: 10_000, perUser: 1_000, readStatePerUser: 1_000 };

/**
 * The push path for one browser test, in the runner's Node process: the local HTTPS push service, ably-local
 * (memory, a random key) whose web-push agent trusts that service's certificate, the backend on 127.0.0.1:0,
 * and ably-local's signed `channel.message` rule for the task rooms posting to the backend.
 */
export class PushStackServer {
  private constructor(
    readonly info: PushStackInfo,
    private readonly _service: LocalPushService,
    private readonly _ably: LocalAbly,
    private readonly _server: Server,
    private readonly _store: SqliteStore,
    private readonly _secrets: { embed: string; server: string },
  ) {}

  static async start(id: string, allowedOrigins: string[]): Promise<PushStackServer> {
    const hex = (bytes: number) => randomBytes(bytes).toString('hex');
    const service = await LocalPushService.start();
    const ably = await createLocalAbly({
      keys: [`push.${hex(4)}:${hex(16)}`],
      push: { agent: service.agent() },
      webhookTiming: { batchIntervalMs: 5 },
    });
    const store = new SqliteStore(':memory:');
    const secrets = { embed: hex(24), server: hex(24) };
    const app = createApp({
      store,
      ably: { apiKey: ably.clientOptions.key, endpoint: '127.0.0.1', port: ably.port, tls: false },
      embedSecret: secrets.embed,
      serverSecret: secrets.server,
      allowedOrigins,
      rateLimits: LIMITS,
      logger: createLogger({ level: 'silent' }),
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // As `npm start` and a production deploy: push enabled on notifications:*, the rooms' webhook rule.
    await applyAblySetup(ably, { publicUrl: backendUrl, pushAlerts: true });
    const info = { id, backendUrl, tokenUrl: `${backendUrl}/api/token`, ablyLocalUrl: ably.url };
    return new PushStackServer(info, service, ably, server, store, secrets);
  }

  async createTask({ task, title, url, participants }: PushTaskPayload): Promise<true> {
    await this._admin('PUT', `/tasks/${task}`, { type: 'order', title, ...(url ? { url } : {}) });
    for (const { userId, role, name } of participants) {
      await this._admin('PUT', `/tasks/${task}/participants/${encodeURIComponent(userId)}`, { role, name });
    }
    return true;
  }

  participantToken({ task, userId, role }: PushParticipantPayload): string {
    return createParticipantToken({ secret: this._secrets.embed, userId, task, role, ttlSeconds: 600 });
  }

  /** A subscription of the local push service (what `pushManager.subscribe()` gives a page online). */
  subscribe(): TestPushSubscription {
    const { id, endpoint, p256dh, auth } = this._service.subscribe();
    return { id, endpoint, p256dh, auth };
  }

  /** The decrypted pushes the service received for a subscription, oldest first. */
  received(subscriptionId: string): Record<string, unknown>[] {
    return this._service.for(subscriptionId).map((p) => p.payload);
  }

  /** ably-local's device registrations of a clientId (push admin, with the key). */
  async devices(clientId: string): Promise<DeviceJson[]> {
    const key = Buffer.from(this._ably.clientOptions.key).toString('base64');
    const res = await fetch(
      `${this._ably.url}/push/deviceRegistrations?clientId=${encodeURIComponent(clientId)}`,
      {
        headers: { authorization: `Basic ${key}` },
      },
    );
    if (!res.ok) throw new Error(`unable to list devices; ${res.status}`);
    return (await res.json()) as DeviceJson[];
  }

  /** `POST /api/tasks/:task/events` `agent-complete` for a user, as an AI agent's host does. */
  async agentEvent({ task, userId }: { task: string; userId: string }): Promise<true> {
    await this._admin('POST', `/tasks/${task}/events`, { type: 'agent-complete', userId });
    return true;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this._server.closeAllConnections();
      this._server.close(() => resolve());
    });
    await this._ably.close();
    await this._service.close();
    await this._store.close();
  }

  private async _admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.info.backendUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${this._secrets.server}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`unable to ${method} ${path}; ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}
