import * as Ably from 'ably';
import { restOptions, type AblySettings } from '../ably-auth/ably-settings.js';
import { chatChannelFor, notificationsChannelFor, roomNameFor } from '../ably-auth/channel-names.js';
import { errors } from '../errors.js';
import type { PushAlert } from './alert-content.js';

/** A chat message as the Chat REST API answers it (wire §8.4), as far as the backend passes it on. */
export interface SentChatMessage {
  serial: string;
  clientId: string;
  text: string;
  timestamp: number;
}

/**
 * Everything push needs from Ably, through the `ably` SDK's REST client only (STYLE §2): who is present in a
 * task's room, `push.admin.publish` to a clientId, a message with `extras.push` on a user's notifications
 * channel, and Chat REST sends with a bot's own token. The same code path works against Ably's cloud and
 * ably-local.
 */
export class AblyPushSender {
  private readonly _rest: Ably.Rest;

  constructor(private readonly _settings: AblySettings) {
    this._rest = new Ably.Rest({ ...restOptions(_settings), logLevel: 0 });
  }

  /** clientIds present in the task's room, every page of REST presence. */
  async presentUsers(taskId: string): Promise<Set<string>> {
    const present = new Set<string>();
    let page: Ably.PaginatedResult<Ably.PresenceMessage> | null = await this._rest.channels
      .get(chatChannelFor(taskId))
      .presence.get({ limit: 1000 });
    while (page) {
      for (const member of page.items) if (member.clientId) present.add(member.clientId);
      page = page.hasNext() ? await page.next() : null;
    }
    return present;
  }

  /** `push.admin.publish({clientId}, alert)`: every device registered to the user. */
  async alertUser(userId: string, alert: PushAlert): Promise<void> {
    await this._rest.push.admin.publish({ clientId: userId }, alert);
  }

  /**
   * Publishes an event on the user's notifications channel with the alert as `extras.push`: every device the
   * user subscribed there gets it (the AI Transport pattern), and the element can show it live.
   */
  async notifyChannel(
    userId: string,
    name: string,
    data: Record<string, string>,
    alert: PushAlert,
  ): Promise<string> {
    const channel = notificationsChannelFor(userId);
    await this._rest.channels.get(channel).publish({ name, data, extras: { push: alert } });
    return channel;
  }

  /**
   * Sends a chat message with a token of its own (a bot's: its clientId and verified user claim), through
   * the Chat REST API, so it is an ordinary message with a badge nobody can forge.
   */
  async sendChatMessage(
    token: string,
    taskId: string,
    message: { text: string; metadata?: Record<string, unknown> },
  ): Promise<SentChatMessage> {
    const { key: _key, ...endpoint } = restOptions(this._settings);
    const rest = new Ably.Rest({ ...endpoint, token, logLevel: 0 });
    const path = `/chat/v4/rooms/${encodeURIComponent(roomNameFor(taskId))}/messages`;
    let response: Ably.HttpPaginatedResponse;
    try {
      response = await rest.request(
        'post',
        path,
        4,
        {},
        { text: message.text, metadata: message.metadata ?? {} },
      );
    } catch (err) {
      throw errors.ablyRequestFailed('send message', describe(err), 502);
    }
    if (!response.success) {
      const status = response.statusCode >= 400 && response.statusCode < 500 ? 422 : 502;
      throw errors.ablyRequestFailed(
        'send message',
        `${response.errorCode}: ${response.errorMessage}`,
        status,
      );
    }
    const sent = response.items[0] as SentChatMessage;
    return { serial: sent.serial, clientId: sent.clientId, text: sent.text, timestamp: sent.timestamp };
  }
}

export function describe(err: unknown): string {
  if (err instanceof Ably.ErrorInfo) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
