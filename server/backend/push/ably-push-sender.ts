import type * as Ably from 'ably';
import type { AblySettings } from '../ably-auth/ably-settings.js';
import { createRestClient } from '../ably-admin/rest-client.js';
import { chatChannelFor, notificationsChannelFor, roomNameFor } from '../ably-auth/channel-names.js';
import { errors } from '../errors.js';
import type { PresenceMember } from '../store/store.js';
import type { PushAlert } from './alert-content.js';
import { describeAblyError } from '../ably-admin/describe-ably-error.js';

/** Users per batch push request (Ably accepts up to 10 000 notifications in one). */
const BATCH_SIZE = 1000;

/** A chat message as the Chat REST API (v4) answers it, as far as the backend passes it on. */
export interface SentChatMessage {
  serial: string;
  clientId: string;
  text: string;
  timestamp: number;
}

/**
 * Everything push needs from Ably, through the `ably` SDK's REST client only (docs/architecture.md §7): who is present in a
 * task's room (REST presence), `push.admin.publish` to a clientId, a message with `extras.push` on a user's notifications
 * channel, and Chat REST sends with a bot's own token. The same code path works against Ably's cloud and
 * ably-local.
 */
export class AblyPushSender {
  private readonly _rest: Ably.Rest;

  constructor(private readonly _settings: AblySettings) {
    this._rest = createRestClient(_settings);
  }

  /** The members present in the task's room: every page of REST presence (one request per 1000 members). */
  async presenceMembers(taskId: string): Promise<PresenceMember[]> {
    const members: PresenceMember[] = [];
    let page: Ably.PaginatedResult<Ably.PresenceMessage> | null = await this._rest.channels
      .get(chatChannelFor(taskId))
      .presence.get({ limit: 1000 });
    while (page) {
      for (const m of page.items) {
        if (m.clientId)
          members.push({ clientId: m.clientId, connectionId: m.connectionId, timestamp: m.timestamp });
      }
      page = page.hasNext() ? await page.next() : null;
    }
    return members;
  }

  /**
   * Sends `alert` to every device of each user: `push.admin.publish({clientId}, alert)` for one user, Ably's
   * batch push API (`POST /push/batch/publish` through the SDK's `request()`, one request per
   * {@link BATCH_SIZE} users) for more — a task with many offline participants costs a few requests, not
   * one each. Resolves with the users whose request failed, and why.
   */
  async alertUsers(
    userIds: readonly string[],
    alert: PushAlert,
  ): Promise<{ failed: number; reason?: string }> {
    if (userIds.length === 1) {
      try {
        await this._rest.push.admin.publish({ clientId: userIds[0] }, alert);
        return { failed: 0 };
      } catch (err) {
        return { failed: 1, reason: describeAblyError(err) };
      }
    }
    let failed = 0;
    let reason: string | undefined;
    for (let i = 0; i < userIds.length; i += BATCH_SIZE) {
      const chunk = userIds.slice(i, i + BATCH_SIZE);
      const body = [{ recipient: chunk.map((clientId) => ({ clientId })), payload: alert }];
      try {
        const response = await this._rest.request('post', '/push/batch/publish', 3, {}, body);
        if (!response.success) throw new Error(`${response.errorCode}: ${response.errorMessage}`);
      } catch (err) {
        failed += chunk.length;
        reason ??= describeAblyError(err);
      }
    }
    return reason === undefined ? { failed } : { failed, reason };
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
    const rest = createRestClient(this._settings, token);
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
      throw errors.ablyRequestFailed('send message', describeAblyError(err), 502);
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
