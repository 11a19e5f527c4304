import { randomBytes } from 'node:crypto';
import type { PublishOrigin } from '../core/channel-context.js';

/** Each REST request publishes as its own synthetic connection (DESIGN §7.3). */
export function restOrigin(): PublishOrigin {
  const connectionId = `rest-${randomBytes(6).toString('base64url')}`;
  return { connectionId, pmId: connectionId };
}
