import type * as Ably from 'ably';
import type { Logger } from 'pino';
import { signAblyJwt, type AblySigningKey } from '../ably-auth/ably-jwt.js';
import type { Role } from '../ably-auth/capabilities.js';
import {
  chatChannelFor,
  parseRoomUserClaim,
  roomUserClaims,
  taskIdFromChannel,
} from '../ably-auth/channel-names.js';
import { errors } from '../errors.js';
import { currentMembership, type Membership } from '../participants/membership.js';
import type { TaskPresence } from '../presence/task-presence.js';
import type { Store } from '../store/store.js';
import { describeAblyError } from '../ably-admin/describe-ably-error.js';
import { listedAttachmentsOf } from '../attachments/message-attachments.js';
import type { AblyPushSender, SentChatMessage } from './ably-push-sender.js';
import { agentCompleteAlert, messageAlert } from './alert-content.js';
import { offlineParticipants } from './offline-participants.js';

/** How alerts behave (docs/backend.md §6). */
export interface PushAlertSettings {
  /** At most one alert per participant and task per window (ms); a burst collapses into its first message. */
  windowMs: number;
  /** Characters of message text in an alert. */
  previewLength: number;
  /** Roles never alerted about messages. */
  optedOutRoles: ReadonlySet<Role>;
}

export const DEFAULT_PUSH_ALERTS: PushAlertSettings = {
  windowMs: 60_000,
  previewLength: 120,
  optedOutRoles: new Set<Role>(['observer', 'bot']),
};

const CHAT_MESSAGE = 'chat.message';

export interface PushAlertDeps {
  store: Store;
  /** Who is in each task's room (the Store's set, or REST presence). */
  presence: TaskPresence;
  sender: AblyPushSender;
  signingKey: AblySigningKey;
  settings: PushAlertSettings;
  logger: Logger;
  now: () => number;
}

/** What one webhook request led to, for the log and the benchmark. */
export interface AlertOutcome {
  messages: number;
  alerted: number;
  failed: number;
}

/**
 * Alerts for offline participants (docs/architecture.md §4). For each new chat message of a task: participants − present
 * in the room (the Store's presence set, no call to Ably) − sender − opted-out roles, throttled per participant and task in the Store (so several
 * backend instances never double-send), then `push.admin.publish({clientId})` to each (batched when
 * there are many). Also the bot and
 * agent APIs: bot messages through Chat REST with the bot's own token, and agent completions on the user's
 * notifications channel with `extras.push`.
 */
export class PushAlertService {
  constructor(private readonly _deps: PushAlertDeps) {}

  /** Alerts about the new chat messages of one channel (a webhook's `channel.message` event). */
  async onChannelMessages(channel: string, messages: readonly Ably.InboundMessage[]): Promise<AlertOutcome> {
    const outcome: AlertOutcome = { messages: 0, alerted: 0, failed: 0 };
    const taskId = taskIdFromChannel(channel);
    if (taskId === undefined) return outcome;
    const fresh = messages.filter(
      (m) => m.action === 'message.create' && m.name === CHAT_MESSAGE && typeof textOf(m) === 'string',
    );
    if (fresh.length === 0) return outcome;
    // One read (the Store's presence set): with nobody offline that is all a message costs.
    const { optedOutRoles } = this._deps.settings;
    const { task, participants, present } = await this._deps.presence.audience(
      taskId,
      (p) => !p.removed && !optedOutRoles.has(p.role),
    );
    if (!task) return outcome;
    // In order: within a burst the first message claims the window, so the rest alert nobody twice.
    for (const message of fresh) {
      outcome.messages++;
      const offline = offlineParticipants({
        participants,
        present,
        ...(message.clientId ? { senderId: message.clientId } : {}),
        optedOutRoles,
      });
      if (offline.length === 0) continue;
      const claimed = await this._deps.store.claimPushAlerts(
        taskId,
        offline,
        this._deps.now(),
        this._deps.settings.windowMs,
      );
      if (claimed.length === 0) continue;
      const sender = senderName(message, participants);
      const files = listedAttachmentsOf((message.data as { metadata?: unknown }).metadata).map((f) => f.type);
      const alert = messageAlert(task, sender, textOf(message)!, this._deps.settings.previewLength, files);
      const { failed, reason } = await this._deps.sender.alertUsers(claimed, alert);
      outcome.alerted += claimed.length - failed;
      outcome.failed += failed;
      if (failed > 0) {
        this._deps.logger.error(
          { task: taskId, failed, reason },
          'unable to alert offline participants; Ably refused the push',
        );
      }
    }
    return outcome;
  }

  /**
   * `POST /api/tasks/:task/events` `agent-complete`: tells every device the user subscribed to their
   * notifications channel that the agent finished, with a deep link to the task.
   */
  async agentComplete(
    taskId: string,
    event: { userId: string; title?: string; body?: string },
  ): Promise<{ channel: string }> {
    const operation = 'publish agent event';
    const { task } = await this._member(taskId, event.userId, operation);
    const alert = agentCompleteAlert(task, event.title, event.body);
    try {
      const channel = await this._deps.sender.notifyChannel(
        event.userId,
        'agent-complete',
        alert.data,
        alert,
      );
      return { channel };
    } catch (err) {
      throw errors.ablyRequestFailed(operation, describeAblyError(err), 502);
    }
  }

  /**
   * `POST /api/tasks/:task/messages`: posts as a bot participant through Chat REST, with a one-minute token
   * carrying the bot's clientId and its verified `{role: "bot", name}` claim.
   */
  async postBotMessage(
    taskId: string,
    message: { userId: string; text: string; metadata?: Record<string, unknown> },
  ): Promise<SentChatMessage> {
    const operation = 'send bot message';
    const { task, participant } = await this._member(taskId, message.userId, operation);
    if (task.closed) throw errors.taskClosed(operation, taskId);
    if (participant.role !== 'bot') throw errors.notABot(taskId, participant.role);
    const token = signAblyJwt(this._deps.signingKey, {
      clientId: message.userId,
      capability: { [chatChannelFor(taskId)]: ['publish'] },
      userClaims: roomUserClaims(taskId, 'bot', participant.name),
      issuedAtSeconds: Math.floor(this._deps.now() / 1000),
      ttlSeconds: 60,
    });
    return this._deps.sender.sendChatMessage(token, taskId, message);
  }

  private async _member(taskId: string, userId: string, operation: string): Promise<Membership> {
    const context = await this._deps.store.getTokenContext(taskId, userId);
    return currentMembership(context, { userId, task: taskId }, operation);
  }
}

function textOf(message: Ably.InboundMessage): string | undefined {
  const data = message.data as { text?: unknown } | undefined;
  return typeof data?.text === 'string' ? data.text : undefined;
}

/** The sender's verified name (the message's user claim), else the stored participant name, else the id. */
function senderName(
  message: Ably.InboundMessage,
  participants: readonly { userId: string; name: string }[],
): string {
  const name = parseRoomUserClaim((message.extras as { userClaim?: unknown } | undefined)?.userClaim)?.name;
  if (name?.trim()) return name;
  return participants.find((p) => p.userId === message.clientId)?.name ?? message.clientId ?? 'Someone';
}
