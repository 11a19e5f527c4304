import { operationsFor, type Capability, type Operation } from './capability.js';

/**
 * Who is behind a connection or REST request, once authenticated (DESIGN §6.2). A token's capability is
 * intersected with its signing key's: both lists must permit an operation.
 */
export interface Identity {
  kind: 'basic' | 'token';
  keyName: string;
  appId: string;
  /** Resolved clientId: undefined = anonymous (or key-privileged), `*` = wildcard token. */
  clientId?: string;
  capabilities: Capability[];
  /** The clientId the token was issued with (`*` for a wildcard token); tokens only. Revocation targets it. */
  tokenClientId?: string;
  /** ms since epoch; tokens only. */
  issuedAt?: number;
  expiresAt?: number;
  /** Every claim of the token (e.g. `ably.room.<room>` user claims); tokens only. */
  claims?: Record<string, unknown>;
}

export function identityOperations(identity: Identity, channel: string): Set<Operation> {
  const [first, ...rest] = identity.capabilities;
  if (!first) return new Set();
  const ops = operationsFor(first, channel);
  for (const capability of rest) {
    const other = operationsFor(capability, channel);
    for (const op of ops) if (!other.has(op)) ops.delete(op);
  }
  return ops;
}

/** True when the identity may act as any clientId per operation (basic key without clientId, or `*` token). */
export function mayAssertAnyClientId(identity: Identity): boolean {
  return identity.clientId === undefined ? identity.kind === 'basic' : identity.clientId === '*';
}

/** The concrete clientId to stamp on what this identity publishes, if any. */
export function concreteClientId(identity: Identity): string | undefined {
  return identity.clientId === '*' ? undefined : identity.clientId;
}
