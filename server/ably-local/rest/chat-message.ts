import type { Summary } from '../core/annotation-summary.js';
import type { StoredMessage } from '../core/message-store.js';
import { MessageAction } from '../protocol/actions.js';

/** The v4 Chat REST message shape (`@ably/chat` rest-types.ts, DESIGN §7.4). */
export interface RestMessage {
  serial: string;
  clientId: string;
  text: string;
  metadata: Record<string, unknown>;
  headers: Record<string, unknown>;
  action: 'message.create' | 'message.update' | 'message.delete';
  timestamp: number;
  version: {
    serial: string;
    timestamp: number;
    clientId?: string;
    description?: string;
    metadata?: Record<string, string>;
  };
  userClaim?: string;
  reactions: { unique: unknown; distinct: unknown; multiple: unknown };
}

const ACTIONS: Record<number, RestMessage['action']> = {
  [MessageAction.CREATE]: 'message.create',
  [MessageAction.UPDATE]: 'message.update',
  [MessageAction.DELETE]: 'message.delete',
};

/** A stored `chat.message` (with its summary, if any) as Chat REST returns it. */
export function toRestMessage(m: StoredMessage): RestMessage {
  const data = isObject(m.data) ? m.data : {};
  const extras = m.extras ?? {};
  const summary = (m.annotations?.summary ?? {}) as Summary;
  const out: RestMessage = {
    serial: m.serial,
    clientId: m.clientId ?? '',
    text: typeof data.text === 'string' ? data.text : '',
    metadata: isObject(data.metadata) ? data.metadata : {},
    headers: isObject(extras.headers) ? extras.headers : {},
    action: ACTIONS[m.action] ?? 'message.create',
    timestamp: m.timestamp,
    version: { ...m.version },
    reactions: {
      unique: summary['reaction:unique.v1'] ?? {},
      distinct: summary['reaction:distinct.v1'] ?? {},
      multiple: summary['reaction:multiple.v1'] ?? {},
    },
  };
  if (typeof extras.userClaim === 'string') out.userClaim = extras.userClaim;
  return out;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}
