import { Flag, hasFlag } from '../protocol/flags.js';
import type { Attachment } from './subscriber.js';

/** Occupancy metrics of a channel (DESIGN §4.8). */
export interface OccupancyMetrics {
  connections: number;
  publishers: number;
  subscribers: number;
  presenceConnections: number;
  presenceMembers: number;
  presenceSubscribers: number;
  objectPublishers: number;
  objectSubscribers: number;
}

/** Counts attachments by granted mode, and members. Pure. */
export function occupancyOf(attachments: Iterable<Attachment>, presenceMembers: number): OccupancyMetrics {
  const metrics: OccupancyMetrics = {
    connections: 0,
    publishers: 0,
    subscribers: 0,
    presenceConnections: 0,
    presenceMembers,
    presenceSubscribers: 0,
    objectPublishers: 0,
    objectSubscribers: 0,
  };
  // A connection attached under two names (`foo`, `[?rewind=1]foo`) counts once, with both grants.
  const byConnection = new Map<string, number>();
  for (const { subscriber, modes } of attachments) {
    byConnection.set(subscriber.connectionId, (byConnection.get(subscriber.connectionId) ?? 0) | modes);
  }
  for (const modes of byConnection.values()) {
    metrics.connections++;
    if (hasFlag(modes, Flag.PUBLISH)) metrics.publishers++;
    if (hasFlag(modes, Flag.SUBSCRIBE)) metrics.subscribers++;
    if (hasFlag(modes, Flag.PRESENCE)) metrics.presenceConnections++;
    if (hasFlag(modes, Flag.PRESENCE_SUBSCRIBE)) metrics.presenceSubscribers++;
    if (hasFlag(modes, Flag.OBJECT_PUBLISH)) metrics.objectPublishers++;
    if (hasFlag(modes, Flag.OBJECT_SUBSCRIBE)) metrics.objectSubscribers++;
  }
  return metrics;
}

/** Whether an attachment asked for inband occupancy events (`occupancy=metrics…`). */
export function wantsOccupancy(attachment: Attachment): boolean {
  return attachment.params.occupancy?.startsWith('metrics') ?? false;
}
