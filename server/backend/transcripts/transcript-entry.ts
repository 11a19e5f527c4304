import { parseRoomUserClaim } from '../ably-auth/channel-names.js';
import { listedAttachmentsOf, type ListedAttachment } from '../attachments/message-attachments.js';

/**
 * One message of a task's transcript, from a Chat REST v4 history item (`@ably/chat`'s `RestMessage`).
 * Pure.
 */

/** The fields of a Chat REST history item the transcript reads; anything else is ignored. */
export interface HistoryItem {
  serial: string;
  clientId: string;
  text: string;
  action: string;
  /** Create time, epoch ms. */
  timestamp: number;
  version?: { serial?: string; timestamp?: number; clientId?: string };
  /** The sender's room user claim: `{"role":…,"name":…}` as the backend signed it. */
  userClaim?: string;
  /** The sender's metadata (`attachments` lists the message's files). */
  metadata?: unknown;
  reactions?: Partial<Record<'unique' | 'distinct' | 'multiple', Record<string, { total?: unknown }>>>;
}

/** A participant as the store knows it, for senders whose messages carry no user claim. */
export interface KnownSender {
  name: string;
  role: string;
}

export interface TranscriptEntry {
  serial: string;
  /** Epoch ms of the original send. */
  sentAt: number;
  sender: {
    userId: string;
    name: string | null;
    role: string | null;
    /**
     * True when name and role come from the signed user claim on the message; false when they come from the
     * store (no claim, or the latest version is someone else's, e.g. a moderator's deletion).
     */
    verified: boolean;
  };
  /** The current text ('' once deleted). */
  text: string;
  edited: boolean;
  deleted: boolean;
  /** When the latest edit or the deletion happened (epoch ms); null for an untouched message. */
  changedAt: number | null;
  /** Who edited or deleted it, when that was someone else (a moderator). */
  changedBy: string | null;
  /** Reaction name → how many, over every reaction type. */
  reactions: Record<string, number>;
  /** The message's metadata as sent (`{}` once deleted): the sender's words, not checked. */
  metadata: Record<string, unknown>;
  /** The files the metadata lists (well-formed entries only). */
  attachments: ListedAttachment[];
}

/** A history item as a transcript entry; `known` fills in senders without a user claim. */
export function toTranscriptEntry(
  item: HistoryItem,
  known: ReadonlyMap<string, KnownSender>,
): TranscriptEntry {
  const changer = item.version?.clientId;
  // The claim is the one of whoever made the latest version (Ably stamps the user claim of whoever made each version): the sender's only if that was them.
  const claim =
    changer === undefined || changer === item.clientId ? parseRoomUserClaim(item.userClaim) : undefined;
  const fallback = known.get(item.clientId);
  const edited = item.action === 'message.update';
  const deleted = item.action === 'message.delete';
  return {
    serial: item.serial,
    sentAt: item.timestamp,
    sender: {
      userId: item.clientId,
      name: claim?.name ?? fallback?.name ?? null,
      role: claim?.role ?? fallback?.role ?? null,
      verified: claim !== undefined,
    },
    text: deleted ? '' : item.text,
    edited,
    deleted,
    changedAt: edited || deleted ? (item.version?.timestamp ?? null) : null,
    changedBy: (edited || deleted) && changer !== undefined && changer !== item.clientId ? changer : null,
    reactions: reactionCounts(item.reactions),
    metadata: deleted || !isObject(item.metadata) ? {} : item.metadata,
    attachments: deleted ? [] : listedAttachmentsOf(item.metadata),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reactionCounts(reactions: HistoryItem['reactions']): Record<string, number> {
  // A Map, then fromEntries: a reaction named `__proto__` stays a plain key.
  const counts = new Map<string, number>();
  for (const summary of Object.values(reactions ?? {})) {
    for (const [name, entry] of Object.entries(summary ?? {})) {
      const total = typeof entry?.total === 'number' && entry.total > 0 ? entry.total : 0;
      if (total > 0) counts.set(name, (counts.get(name) ?? 0) + total);
    }
  }
  return Object.fromEntries(counts);
}
