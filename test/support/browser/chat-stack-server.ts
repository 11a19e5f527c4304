import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChatClient, LogLevel, type Room } from '@ably/chat';
import * as Ably from 'ably';
import { createLocalAbly, type LocalAbly } from '../../../server/ably-local/create-server.js';
import {
  AGENT_NAMESPACE,
  chatChannelFor,
  roomNameFor,
  TASK_ROOM_CHANNEL_FILTER,
} from '../../../server/backend/ably-auth/channel-names.js';
import { createApp } from '../../../server/backend/app.js';
import { createLogger } from '../../../server/backend/logger.js';
import { createParticipantToken } from '../../../server/backend/participants/participant-token.js';
import { createUserToken } from '../../../server/backend/participants/user-token.js';
import { applyAblySetup } from '../ably-setup.js';
import { SqliteStore } from '../../../server/backend/store/sqlite-store.js';
import type { IssuedToken } from '../../../server/backend/tokens/token-issuer.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskStorage } from '../../../server/backend/attachments/disk-storage.js';
import { HeldStorage } from '../held-storage.js';
import { HttpProxy } from '../http-proxy.js';
import { TcpProxy } from '../tcp-proxy.js';
import type {
  AddParticipantPayload,
  ChatStackInfo,
  CreateTaskPayload,
  DeleteAsPayload,
  EditAsPayload,
  OccupancyMetrics,
  ParticipantJson,
  ParticipantRef,
  ParticipantTokenPayload,
  ProxyStats,
  UserTokenPayload,
  ReactAsPayload,
  ReadMarker,
  SeedHistoryPayload,
  SendAsPayload,
  StartChatStackPayload,
  TaskJson,
  TaskWithParticipantsJson,
} from './chat-stack-commands.js';

const GENEROUS_LIMITS = {
  windowMs: 60_000,
  perIp: 10_000,
  perUser: 1_000,
  readStatePerUser: 1_000,
  attachmentsPerUser: 1_000,
  inboxPerUser: 1_000,
};

/**
 * One chat stack in the test runner's Node process: ably-local (memory storage, a random key), a
 * {@link TcpProxy} in front of it, and the backend (`createApp`, in-memory SQLite, random secrets) on
 * 127.0.0.1:0. The backend talks to ably-local directly; the tokens it issues point browsers at the proxy, so
 * a test can cut browsers off without touching the backend or the Node senders.
 */
export class ChatStackServer {
  /** Node Chat clients (REST only, never connected) that send as a participant, per task and user. */
  private readonly _senders = new Map<string, Promise<Room>>();
  private readonly _clients: Ably.Realtime[] = [];
  private _stopped: Promise<void> | undefined;

  private constructor(
    readonly info: ChatStackInfo,
    private readonly _ably: LocalAbly,
    private readonly _proxy: TcpProxy | HttpProxy,
    private _server: Server | undefined,
    private readonly _app: () => ReturnType<typeof createApp>,
    private readonly _store: SqliteStore,
    private readonly _secrets: { embed: string; server: string; moderation: string },
    private readonly _files: { storage: HeldStorage; directory: string } | undefined,
  ) {}

  static async start(id: string, options: StartChatStackPayload = {}): Promise<ChatStackServer> {
    const hex = (bytes: number) => randomBytes(bytes).toString('hex');
    const ably = await createLocalAbly({
      storage: 'memory',
      keys: [`stack.${hex(4)}:${hex(16)}`],
      // Agents stream replies as appends on `agent:<task>`, which needs the rule `npm run ably-setup` applies.
      namespaces: [{ id: AGENT_NAMESPACE, mutableMessages: true }],
      ...(options.ablyLocal ? { realtime: options.ablyLocal } : {}),
      ...(options.restWriteRate === undefined ? {} : { restWriteRate: options.restWriteRate }),
      ...(options.maxReplay === undefined ? {} : { maxReplay: options.maxReplay }),
      ...(options.inbox ? { webhookTiming: { batchIntervalMs: 5 } } : {}),
    });
    const proxy = options.refuseWebSockets
      ? await HttpProxy.start(ably.port, { refuseWebSockets: true })
      : await TcpProxy.start(ably.port);
    const store = new SqliteStore(':memory:');
    const directory = options.attachments === false ? undefined : mkdtempSync(join(tmpdir(), 'chat-stack-'));
    const files = directory ? { storage: new HeldStorage(new DiskStorage(directory)), directory } : undefined;
    const secrets = { embed: hex(24), server: hex(24), moderation: hex(24) };
    const app = () =>
      createApp({
        store,
        ably: {
          apiKey: ably.clientOptions.key,
          endpoint: '127.0.0.1',
          port: ably.port,
          tls: false,
          publicEndpoint: '127.0.0.1',
          publicPort: proxy.port,
        },
        embedSecret: secrets.embed,
        serverSecret: secrets.server,
        ...(options.moderation ? { moderationSecret: secrets.moderation } : {}),
        allowedOrigins: options.allowedOrigins ?? [],
        rateLimits: { ...GENEROUS_LIMITS, ...options.rateLimits },
        logger: createLogger({ level: options.logLevel ?? 'silent' }),
        ...(files ? { attachments: { storage: files.storage } } : {}),
        ...(options.tokenTtlSeconds === undefined ? {} : { tokenTtlSeconds: options.tokenTtlSeconds }),
        ...(options.serveBuiltElement
          ? { widgetDir: fileURLToPath(new URL('../../../dist', import.meta.url)) }
          : options.widgetDir === undefined
            ? {}
            : { widgetDir: options.widgetDir }),
      });
    const server = await listen(app(), 0);
    const backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (options.moderation) {
      const rule = options.moderation === true ? {} : options.moderation;
      ably.setModerationRules([
        {
          id: 'chat-stack',
          channelFilter: TASK_ROOM_CHANNEL_FILTER,
          url: `${backendUrl}/api/moderation`,
          headers: { authorization: `Bearer ${secrets.moderation}` },
          ...rule,
        },
      ]);
    }
    if (options.inbox) {
      await applyAblySetup(ably, { publicUrl: backendUrl, pushAlerts: false, inbox: true });
    }
    const info: ChatStackInfo = {
      id,
      backendUrl,
      tokenUrl: `${backendUrl}/api/token`,
      readStateUrl: `${backendUrl}/api/read-state`,
      ablyLocalUrl: ably.url,
      ablyPublicUrl: `http://127.0.0.1:${proxy.port}`,
      ablyKey: ably.clientOptions.key,
      serverSecret: secrets.server,
    };
    return new ChatStackServer(info, ably, proxy, server, app, store, secrets, files);
  }

  /** Creates the task and its participants over the tasks API; answers `GET /api/tasks/:task`. */
  async createTask(payload: CreateTaskPayload): Promise<TaskWithParticipantsJson> {
    const { task, type, title, url, participants } = payload;
    await this._admin('create task', 'PUT', taskPath(task), {
      type,
      title,
      ...(url === undefined ? {} : { url }),
    });
    for (const { userId, role, name } of participants) {
      await this._admin('add participant', 'PUT', participantPath(task, userId), { role, name });
    }
    return (await this._admin('get task', 'GET', taskPath(task))) as TaskWithParticipantsJson;
  }

  async addParticipant({ task, userId, role, name }: AddParticipantPayload): Promise<ParticipantJson> {
    return (await this._admin('add participant', 'PUT', participantPath(task, userId), {
      role,
      name,
    })) as ParticipantJson;
  }

  /** Removes the participant (its live Ably tokens are revoked). */
  async removeParticipant({ task, userId }: ParticipantRef): Promise<ParticipantJson> {
    return (await this._admin(
      'remove participant',
      'DELETE',
      participantPath(task, userId),
    )) as ParticipantJson;
  }

  /** Closes the task (tokens become read-only; live ones are revoked). */
  async closeTask(task: string): Promise<TaskJson> {
    return (await this._admin('close task', 'POST', `${taskPath(task)}/close`)) as TaskJson;
  }

  /** A user token signed with this stack's EMBED_SECRET, as a host backend would hand to its inbox page. */
  userToken({ userId, ttlSeconds }: UserTokenPayload): string {
    return createUserToken({
      secret: this._secrets.embed,
      userId,
      ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
    });
  }

  /** A participant token signed with this stack's EMBED_SECRET, as a host backend would hand to its page. */
  participantToken({ task, userId, role, name, ttlSeconds }: ParticipantTokenPayload): string {
    return createParticipantToken({
      secret: this._secrets.embed,
      userId,
      task,
      role,
      ...(name === undefined ? {} : { name }),
      ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
    });
  }

  /** Cuts every browser connection to ably-local and lets them reconnect at once; how many were cut. */
  dropConnections(): number {
    const cut = this._proxy.block();
    this._proxy.unblock();
    return cut;
  }

  /** Cuts every browser connection and refuses new ones until {@link unblockConnections}. */
  blockConnections(): number {
    return this._proxy.block();
  }

  unblockConnections(): void {
    this._proxy.unblock();
  }

  /** Stops the backend (its HTTP server; the store stays, as a database would): token requests fail. */
  async stopBackend(): Promise<void> {
    const server = this._server;
    this._server = undefined;
    if (server) await closeServer(server);
  }

  /** Starts the backend again on the same port, as a restarted process would. */
  async startBackend(): Promise<void> {
    if (this._server) return;
    this._server = await listen(this._app(), Number(new URL(this.info.backendUrl).port));
  }

  /** Holds attachment uploads partway (or lets them through again). */
  holdUploads(hold: boolean): void {
    if (!this._files) throw new Error('unable to hold uploads; the stack keeps no attachments');
    this._files.storage.hold(hold);
  }

  /** Refuses or lets through WebSocket upgrades (a stack started with `refuseWebSockets`). */
  refuseWebSockets(refuse: boolean): void {
    this._httpProxy('refuse WebSockets').refuseWebSockets(refuse);
  }

  proxyStats(): ProxyStats {
    return { ...this._httpProxy('read proxy stats').stats };
  }

  private _httpProxy(operation: string): HttpProxy {
    if (!(this._proxy instanceof HttpProxy)) {
      throw new Error(`unable to ${operation}; start the stack with refuseWebSockets`);
    }
    return this._proxy;
  }

  /** ably-local's view of the task's chat channel: `GET /channels/<channel>` with the API key. */
  async occupancy(task: string): Promise<OccupancyMetrics> {
    const channel = chatChannelFor(task);
    const response = await fetch(`${this._ably.url}/channels/${encodeURIComponent(channel)}`, {
      headers: {
        accept: 'application/json',
        authorization: `Basic ${Buffer.from(this.info.ablyKey).toString('base64')}`,
      },
    });
    const body = (await response.json()) as { status?: { occupancy?: { metrics?: OccupancyMetrics } } };
    const metrics = body.status?.occupancy?.metrics;
    if (!response.ok || !metrics) {
      throw new Error(
        `unable to read occupancy; ably-local answered ${response.status} ${JSON.stringify(body)}`,
      );
    }
    return metrics;
  }

  /** Sends a chat message as the participant (Chat REST via `room.messages.send`); the message's serial. */
  async sendAs({ task, userId, text, metadata, headers }: SendAsPayload): Promise<string> {
    const room = await this._sender(task, userId);
    const message = await room.messages.send({
      text,
      ...(metadata === undefined ? {} : { metadata: metadata as never }),
      ...(headers === undefined ? {} : { headers }),
    });
    return message.serial;
  }

  /** Edits a message as the participant (Chat REST), as the participant's role allows. */
  async editAs({ task, userId, serial, text }: EditAsPayload): Promise<true> {
    await (await this._sender(task, userId)).messages.update(serial, { text });
    return true;
  }

  /** Deletes a message as the participant (Chat REST), as the participant's role allows. */
  async deleteAs({ task, userId, serial }: DeleteAsPayload): Promise<true> {
    await (await this._sender(task, userId)).messages.delete(serial);
    return true;
  }

  /** Reacts to a message as the participant (a message reaction, Chat REST). */
  async reactAs({ task, userId, serial, name }: ReactAsPayload): Promise<true> {
    await (await this._sender(task, userId)).messages.reactions.send(serial, { name });
    return true;
  }

  /** Sends `count` messages one after the other as the participant; their serials, oldest first. */
  async seedHistory({ task, userId, count, text = 'Message' }: SeedHistoryPayload): Promise<string[]> {
    const room = await this._sender(task, userId);
    const serials: string[] = [];
    for (let i = 1; i <= count; i++)
      serials.push((await room.messages.send({ text: `${text} ${i}` })).serial);
    return serials;
  }

  /** The task's read markers, as the participant reads them over `POST /api/read-state`. */
  async readState({ task, userId }: ParticipantRef): Promise<ReadMarker[]> {
    const participantToken = await this._tokenFor(task, userId, 'read state');
    const response = await fetch(this.info.readStateUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ participantToken }),
    });
    const body = (await response.json()) as { markers?: ReadMarker[]; error?: unknown };
    if (!response.ok || !body.markers) {
      throw new Error(
        `unable to read state; the backend answered ${response.status} ${JSON.stringify(body)}`,
      );
    }
    return body.markers;
  }

  /** Closes the Node clients, the backend, its store, the proxy and ably-local. */
  stop(): Promise<void> {
    return (this._stopped ??= (async () => {
      for (const client of this._clients.splice(0)) client.close();
      if (this._server) await closeServer(this._server);
      await this._store.close();
      this._proxy.close();
      await this._ably.close();
      this._files?.storage.hold(false);
      if (this._files) rmSync(this._files.directory, { recursive: true, force: true });
    })());
  }

  private async _admin(operation: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.info.backendUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${this._secrets.server}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer: unknown = await response.json();
    if (!response.ok) {
      throw new Error(
        `unable to ${operation}; the backend answered ${response.status} ${JSON.stringify(answer)}`,
      );
    }
    return answer;
  }

  /** A participant token with the participant's stored role (the backend insists on it). */
  private async _tokenFor(task: string, userId: string, operation: string): Promise<string> {
    const participant = await this._store.getParticipant(task, userId);
    if (!participant) {
      throw new Error(`unable to ${operation}; ${userId} is not a participant of ${task} (createTask first)`);
    }
    return this.participantToken({ id: this.info.id, task, userId, role: participant.role });
  }

  /**
   * A Node Chat client for the participant with backend-issued tokens (`authCallback` asks `POST /api/token`
   * each time, like the element). Never connects: `messages.send` is Chat REST, straight to ably-local, so
   * blocking browser connections does not stop it.
   */
  private _sender(task: string, userId: string): Promise<Room> {
    const key = `${task}\u0000${userId}`;
    let sender = this._senders.get(key);
    if (!sender) {
      sender = this._newSender(task, userId);
      this._senders.set(key, sender);
      sender.catch(() => this._senders.delete(key));
    }
    return sender;
  }

  private async _newSender(task: string, userId: string): Promise<Room> {
    await this._tokenFor(task, userId, `send as ${userId}`); // fail early, with a clear message
    const realtime = new Ably.Realtime({
      endpoint: '127.0.0.1',
      port: this._ably.port,
      tls: false,
      autoConnect: false,
      useBinaryProtocol: false,
      logLevel: 0,
      authCallback: (_params, callback) => {
        this._issue(task, userId).then(
          (token) => callback(null, token),
          (err: Error) => callback(new Ably.ErrorInfo(err.message, 40170, 401), null),
        );
      },
    });
    this._clients.push(realtime);
    const chat = new ChatClient(realtime, { logLevel: LogLevel.Silent });
    return chat.rooms.get(roomNameFor(task));
  }

  private async _issue(task: string, userId: string): Promise<string> {
    const participantToken = await this._tokenFor(task, userId, `send as ${userId}`);
    const response = await fetch(this.info.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ participantToken }),
    });
    const body = (await response.json()) as IssuedToken | { error: unknown };
    if (!response.ok || !('token' in body)) {
      throw new Error(`unable to get a token for ${userId}; ${response.status} ${JSON.stringify(body)}`);
    }
    return body.token;
  }
}

async function listen(app: ReturnType<typeof createApp>, port: number): Promise<Server> {
  const server = app.listen(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return server;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

const taskPath = (task: string) => `/tasks/${encodeURIComponent(task)}`;
const participantPath = (task: string, userId: string) =>
  `${taskPath(task)}/participants/${encodeURIComponent(userId)}`;
