import * as Ably from 'ably';
import { ChatClient, LogLevel, type Room } from '@ably/chat';
import { createParticipantToken } from '../backend/index.js';
import type { Role } from '../contract/api-contract.js';
import type { DemoPerson } from './scenarios.js';

/** What the demo's host side needs to reach the backend, as any host app would. */
export interface HostSettings {
  /** The backend's base URL, e.g. `http://127.0.0.1:8080`. */
  backendUrl: string;
  /** Where people open the demo (task links and push notifications point there), e.g. `http://localhost:8080`. */
  publicUrl: string;
  /** `EMBED_SECRET`: signs participant tokens. */
  embedSecret: string;
  /** `SERVER_SECRET`: the tasks API. */
  serverSecret: string;
}

/** Signs a participant token the way a host backend does (docs/backend.md §3). */
export function participantTokenFor(
  settings: Pick<HostSettings, 'embedSecret'>,
  task: string,
  person: Pick<DemoPerson, 'userId' | 'name'> & { role: Role },
): string {
  return createParticipantToken({
    secret: settings.embedSecret,
    userId: person.userId,
    task,
    role: person.role,
    name: person.name,
    ttlSeconds: 600,
  });
}

interface TokenAnswer {
  token: string;
  room: string;
  clientOptions: Ably.ClientOptions;
}

/**
 * A participant's own chat client on the host side (the demo's bot, and seeding): it gets Ably tokens from the
 * backend's `POST /api/token` with a fresh participant token each time, exactly as the element does.
 */
export class HostChatClient {
  private constructor(
    readonly room: Room,
    private readonly _chat: ChatClient,
    private readonly _realtime: Ably.Realtime,
  ) {}

  static async open(
    settings: HostSettings,
    task: string,
    person: DemoPerson,
    connect: boolean,
  ): Promise<HostChatClient> {
    const fetchToken = async (): Promise<TokenAnswer> => {
      const response = await fetch(`${settings.backendUrl}/api/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ participantToken: participantTokenFor(settings, task, person) }),
      });
      if (!response.ok)
        throw new Error(
          `unable to get a token for ${person.userId}; ${response.status} ${await response.text()}`,
        );
      return (await response.json()) as TokenAnswer;
    };
    const first = await fetchToken();
    const realtime = new Ably.Realtime({
      ...first.clientOptions,
      token: first.token,
      autoConnect: connect,
      useBinaryProtocol: false,
      logLevel: 0,
      authCallback: (_params, callback) => {
        fetchToken().then(
          (answer) => callback(null, answer.token),
          (err: unknown) => callback(err instanceof Error ? err.message : String(err), null),
        );
      },
    });
    const chat = new ChatClient(realtime, { logLevel: LogLevel.Silent });
    const room = await chat.rooms.get(first.room);
    if (connect) await room.attach();
    return new HostChatClient(room, chat, realtime);
  }

  async close(): Promise<void> {
    await this._chat.dispose().catch(() => undefined); // closing below ends it either way
    this._realtime.close();
  }
}
