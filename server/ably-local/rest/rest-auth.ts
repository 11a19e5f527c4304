import type { Request } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import type { Operation } from '../auth/capability.js';
import { identityOperations, type Identity } from '../auth/identity.js';
import { assertValidChannelName, resolveChannelName } from '../core/channel-name.js';
import { errors } from '../protocol/ably-error.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A Bearer credential as the SDK sends it: base64 of the token (a raw JWT, not base64, is kept as it is). */
export function decodeBearer(value: string): string {
  return BASE64.test(value) ? Buffer.from(value, 'base64').toString('utf8') : value;
}

/**
 * Authenticates a REST request (DESIGN §7.1): `Basic base64(key)` or `Bearer base64(token)` (a raw JWT is
 * accepted too), with `X-Ably-ClientId: base64(clientId)` as the requested identity.
 */
export function authenticateRequest(req: Request, auth: Authenticator): Identity {
  const header = req.get('authorization');
  const clientIdHeader = req.get('x-ably-clientid');
  const clientId = clientIdHeader ? Buffer.from(clientIdHeader, 'base64').toString('utf8') : undefined;
  if (!header) {
    const key = typeof req.query.key === 'string' ? req.query.key : undefined;
    const token = typeof req.query.access_token === 'string' ? req.query.access_token : undefined;
    if (token) return auth.fromToken(token, clientId);
    if (key) return auth.fromKey(key, clientId);
    throw errors.unauthorized('unable to authenticate; no credentials given');
  }
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'basic') return auth.fromKey(Buffer.from(value, 'base64').toString('utf8'), clientId);
  if (scheme === 'bearer') {
    return auth.fromToken(decodeBearer(value), clientId);
  }
  throw errors.unauthorized(`unable to authenticate; unsupported scheme ${scheme || header}`);
}

/** Like authenticateRequest, but undefined when no credentials are present (token requests). */
export function optionalIdentity(req: Request, auth: Authenticator): Identity | undefined {
  return req.get('authorization') ? authenticateRequest(req, auth) : undefined;
}

/** Authenticates and checks one operation on a channel; 40010 for a bad name, 40160 without the op. */
export function authoriseChannel(
  req: Request,
  auth: Authenticator,
  channel: string,
  op: Operation,
): Identity {
  const identity = authenticateForChannel(req, auth, channel);
  if (!identityOperations(identity, channel).has(op)) throw errors.capability(op, channel);
  return identity;
}

/** Authenticates a request aimed at a channel whose name is valid (40010 otherwise). */
export function authenticateForChannel(req: Request, auth: Authenticator, channel: string): Identity {
  assertValidChannelName(channel);
  return authenticateRequest(req, auth);
}

/**
 * The channel a REST path names (`:channel`): `[?params]name` is channel `name` (REST has no use for the
 * params); 40010 for an invalid name (DESIGN §4.1).
 */
export function channelParam(req: Request): string {
  return resolveChannelName(req.params.channel).name;
}
