import type * as Ably from 'ably';
import { isRole } from '../ably-auth/capabilities.js';
import { parseRoomUserClaim } from '../ably-auth/channel-names.js';
import { listedAttachmentsOf } from '../attachments/message-attachments.js';
import type { InboxMessage } from '../store/store.js';

/** The Chat SDK's name of a chat message on the room's channel. */
const CHAT_MESSAGE = 'chat.message';

/** Characters of a message's text an inbox row shows. */
export const PREVIEW_LENGTH = 140;

const KINDS: Partial<Record<string, InboxMessage['kind']>> = {
  'message.create': 'create',
  'message.update': 'update',
  'message.delete': 'delete',
};

/**
 * What the inbox keeps of a task's messages as Ably's `channel.message` webhook reports them: chat messages
 * created, updated or deleted (anything else on the channel — reactions, summaries, other names — is not a
 * message of the conversation). The author's name and role come from the message's verified room user claim,
 * else its clientId. Pure.
 */
export function inboxMessagesOf(messages: readonly Ably.InboundMessage[]): InboxMessage[] {
  return messages.flatMap((m): InboxMessage[] => {
    const kind = KINDS[m.action ?? ''];
    if (kind === undefined || m.name !== CHAT_MESSAGE || typeof m.serial !== 'string') return [];
    const data = (m.data ?? {}) as { text?: unknown; metadata?: unknown };
    const claim = parseRoomUserClaim((m.extras as { userClaim?: unknown } | undefined)?.userClaim);
    const authorId = typeof m.clientId === 'string' ? m.clientId : null;
    return [
      {
        kind,
        serial: m.serial,
        versionSerial: m.version?.serial ?? m.serial,
        authorId,
        authorName: claim?.name?.trim() ? claim.name : (authorId ?? 'Someone'),
        authorRole: isRole(claim?.role) ? claim.role : null,
        preview: previewOf(typeof data.text === 'string' ? data.text : ''),
        attachments: listedAttachmentsOf(data.metadata).length,
        at: typeof m.timestamp === 'number' ? m.timestamp : 0,
      },
    ];
  });
}

/** A message's text as one line of at most {@link PREVIEW_LENGTH} characters (an ellipsis when cut). Pure. */
export function previewOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length <= PREVIEW_LENGTH
    ? line
    : `${chars
        .slice(0, PREVIEW_LENGTH - 1)
        .join('')
        .trimEnd()}…`;
}
