import type { Request } from 'express';
import type { Role } from '../ably-auth/capabilities.js';

/** Who the host's own session says the caller is. */
export interface HostIdentity {
  /** The host's user id; becomes the Ably clientId. */
  userId: string;
  /** Display name; the participant's stored name when absent. */
  name?: string;
  /** When given, must equal the participant's stored role. */
  role?: Role;
}

/**
 * Reads the host's session from the request (cookie, header, `req.user`, …) when the router is mounted in
 * the host's own Express app. Return `undefined` when nobody is signed in (→ 401, code 1013).
 */
export type IdentifyHook = (req: Request) => HostIdentity | undefined | Promise<HostIdentity | undefined>;
