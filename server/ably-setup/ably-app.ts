import {
  AGENT_NAMESPACE,
  INBOX_NAMESPACE,
  NOTIFICATIONS_NAMESPACE,
  TASK_NAMESPACE,
  TASK_ROOM_CHANNEL_FILTER,
} from '../backend/ably-auth/channel-names.js';
import { roomOperationsOfEveryRole } from '../backend/ably-auth/capabilities.js';

/**
 * What embedded-chat needs from an Ably app, declared once (docs/production.md): the channel rules, the
 * integration rules that reach the backend, and what the backend's key must allow. `npm run ably-setup` makes an
 * app match it through Ably's Control API, and `npm start` makes ably-local match it the same way. Pure.
 */
export interface AblyApp {
  namespaces: NamespaceWish[];
  rules: RuleWish[];
  key: KeyWish;
}

/** A channel rule: its id and the settings it must have (others are left as they are). */
export interface NamespaceWish {
  id: string;
  settings: Partial<Record<'pushEnabled' | 'mutableMessages' | 'persisted', boolean>>;
  /** Why the project needs it, for the report. */
  why: string;
}

/**
 * An integration rule, by the name ably-setup marks it with (the {@link OWNER_HEADER} of its target): the
 * Control API body (`rule_post`) that creates it, with `{{signingKeyId}}` where the backend key's id goes.
 */
export interface RuleWish {
  name: string;
  why: string;
  body: Record<string, unknown>;
}

/** The backend's key: the capability it must allow at least, and revocable tokens. */
export interface KeyWish {
  /** The name ably-setup gives a key it creates, and by which it recognises it. */
  name: string;
  capability: Record<string, string[]>;
  revocableTokens: true;
}

/** Everything the description depends on, from the backend's configuration. */
export interface AblyAppInputs {
  /** The backend's public base URL, where Ably reaches `/api/webhooks/ably` and `/api/moderation`. */
  publicUrl: string;
  /** Set: a before-publish moderation rule sends it as `Authorization: Bearer …`. */
  moderationSecret?: string;
  /** Push alerts: the room messages reach the backend, which alerts who is away. */
  pushAlerts: boolean;
  /** Attachments on: the room messages reach the backend, which links sent files to them. */
  attachments?: boolean;
  /** The inbox on (`INBOX`, default on): the room messages reach the backend, which keeps every user's inbox. */
  inbox?: boolean;
  /** `rest`: the backend asks REST presence and needs no presence webhook (default `webhook`). */
  pushPresence?: 'webhook' | 'rest';
}

/** The header that marks a rule as ably-setup's own: its value is the rule's name. Sent to the backend too. */
export const OWNER_HEADER = 'X-Embedded-Chat-Rule';

/** Where the backend key's id goes in a rule body (its signing key). */
export const SIGNING_KEY_ID = '{{signingKeyId}}';

/** The name of the key ably-setup creates when the backend has none yet. */
export const KEY_NAME = 'embedded-chat backend';

/** Builds the description for one deployment. */
export function ablyApp(inputs: AblyAppInputs): AblyApp {
  const api = `${inputs.publicUrl.replace(/\/+$/, '')}/api`;
  const owner = (name: string) => ({ name: OWNER_HEADER, value: name });
  const webhook = (name: string, type: 'channel.message' | 'channel.presence', why: string): RuleWish => ({
    name,
    why,
    body: {
      status: 'enabled',
      ruleType: 'http',
      requestMode: 'batch',
      source: { channelFilter: TASK_ROOM_CHANNEL_FILTER, type },
      target: {
        url: `${api}/webhooks/ably`,
        format: 'json',
        enveloped: true,
        signingKeyId: SIGNING_KEY_ID,
        headers: [owner(name)],
      },
    },
  });
  const rules: RuleWish[] = [];
  const inbox = inputs.inbox !== false;
  if (inputs.pushAlerts || inputs.attachments || inbox) {
    const does = [
      ...(inputs.pushAlerts ? ['alerts who is away'] : []),
      ...(inputs.attachments ? ['links sent files to their messages'] : []),
      ...(inbox ? ['keeps every participant’s inbox'] : []),
    ];
    rules.push(
      webhook(
        'room-messages',
        'channel.message',
        `each room message reaches the backend, which ${does.join(' and ')}`,
      ),
    );
    if (inputs.pushAlerts && inputs.pushPresence !== 'rest') {
      rules.push(
        webhook(
          'room-presence',
          'channel.presence',
          'who enters and leaves each room reaches the backend, which decides pushes without asking Ably',
        ),
      );
    }
  }
  if (inputs.moderationSecret !== undefined) {
    rules.push({
      name: 'room-moderation',
      why: 'every chat message is checked by the backend before it is published',
      body: {
        status: 'enabled',
        ruleType: 'http/before-publish',
        invocationMode: 'BEFORE_PUBLISH',
        chatRoomFilter: `/${TASK_ROOM_CHANNEL_FILTER}/`,
        beforePublishConfig: {
          retryTimeout: 3000,
          maxRetries: 2,
          failedAction: 'REJECT',
          tooManyRequestsAction: 'FAIL',
        },
        target: {
          url: `${api}/moderation`,
          headers: [
            { name: 'Authorization', value: `Bearer ${inputs.moderationSecret}` },
            owner('room-moderation'),
          ],
        },
      },
    });
  }
  return {
    namespaces: [
      {
        id: NOTIFICATIONS_NAMESPACE,
        settings: { pushEnabled: true },
        why: 'agent completions on notifications:<user> reach the user’s devices',
      },
      {
        id: AGENT_NAMESPACE,
        settings: { mutableMessages: true },
        why: 'agents stream replies as message appends',
      },
    ],
    rules,
    key: {
      name: KEY_NAME,
      capability: {
        [`${TASK_NAMESPACE}:*`]: roomOperationsOfEveryRole(),
        [`${NOTIFICATIONS_NAMESPACE}:*`]: ['publish', 'push-subscribe'],
        [`${AGENT_NAMESPACE}:*`]: [
          'history',
          'message-delete-any',
          'message-update-any',
          'message-update-own',
          'publish',
          'subscribe',
        ],
        ...(inbox ? { [`${INBOX_NAMESPACE}:*`]: ['publish', 'subscribe'] } : {}),
        '*': ['push-admin'],
      },
      revocableTokens: true,
    },
  };
}
