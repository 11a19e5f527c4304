import type { Request } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import { permittedModes } from '../auth/capability.js';
import { identityOperations, type Identity } from '../auth/identity.js';
import { resolveChannelName } from '../core/channel-name.js';
import { negotiateParams, type NegotiatedParams } from '../core/channel-params.js';
import { errors } from '../protocol/ably-error.js';
import { Flag } from '../protocol/flags.js';
import { MAX_CHANNELS_PER_CONNECTION } from '../realtime/channel-handlers.js';
import { authenticateRequest } from '../rest/rest-auth.js';
import type { StreamFormat } from './sse-format.js';

/** Modes a stream attaches with: messages and presence events, as far as the capability permits. */
const STREAM_MODES = Flag.SUBSCRIBE | Flag.PRESENCE_SUBSCRIBE;

/** Query params that are channel params for every channel of the stream (a `[?…]` qualifier wins). */
const CHANNEL_PARAMS = ['rewind', 'rewindLimit', 'delta', 'occupancy', 'appendMode'] as const;

export interface StreamChannel {
  name: string;
  wireName: string;
  modes: number;
  params: NegotiatedParams;
}

/** A validated stream request (DESIGN §16.1). */
export interface StreamRequest {
  format: StreamFormat;
  enveloped: boolean;
  heartbeats: boolean;
  identity: Identity;
  channels: StreamChannel[];
  /** The `lastEvent` param, else the `Last-Event-ID` header an EventSource sends when it reconnects. */
  lastEvent?: string;
}

/**
 * Reads and checks a `GET /sse` or `/event-stream` request before anything is attached (DESIGN §16.1): the
 * version, the channels (`channels` or `channel`, split on `separator`, default `,`), the credentials
 * (`key`, `accessToken`, or an Authorization header) and the `subscribe` capability on every channel. Throws
 * AblyError: 40000 for a missing `v` or channel, 40010 for a bad channel name, 40003 for a bad param,
 * 4010x/4014x for credentials, 40160 for a channel the credentials may not subscribe to.
 */
export function readStreamRequest(req: Request, auth: Authenticator, forceSse: boolean): StreamRequest {
  const query = new URL(req.originalUrl, 'http://localhost').searchParams;
  if (!query.get('v')) {
    throw errors.badRequest('unable to open event stream; the v param (API version, e.g. 1.2) is required');
  }
  const wireNames = channelList(query);
  const identity = streamIdentity(req, query, auth);
  const shared = Object.fromEntries(
    CHANNEL_PARAMS.flatMap((key) => (query.has(key) ? [[key, query.get(key)!]] : [])),
  );
  const channels = wireNames.map((wireName): StreamChannel => {
    const { name, params } = resolveChannelName(wireName);
    const modes = permittedModes(identityOperations(identity, name)) & STREAM_MODES;
    if ((modes & Flag.SUBSCRIBE) === 0) throw errors.capability('subscribe', wireName);
    return { name, wireName, modes, params: negotiateParams({ ...shared, ...params }) };
  });
  const accept = req.get('accept') ?? '';
  return {
    format: forceSse || accept.includes('text/event-stream') ? 'sse' : 'plain',
    enveloped: booleanParam(query, 'enveloped', true),
    heartbeats: booleanParam(query, 'heartbeats', false),
    identity,
    channels,
    lastEvent: query.get('lastEvent') || req.get('last-event-id') || undefined,
  };
}

function channelList(query: URLSearchParams): string[] {
  const text = query.get('channels') ?? query.get('channel') ?? '';
  const separator = query.get('separator') || ',';
  const names = [...new Set(text.split(separator).filter((name) => name !== ''))];
  if (names.length === 0) {
    throw errors.badRequest('unable to open event stream; the channels param names no channel');
  }
  if (names.length > MAX_CHANNELS_PER_CONNECTION) {
    throw errors.channelsPerConnection('open event stream', MAX_CHANNELS_PER_CONNECTION);
  }
  return names;
}

/** `accessToken` or `key` in the query (what an EventSource can send), else the REST Authorization header. */
function streamIdentity(req: Request, query: URLSearchParams, auth: Authenticator): Identity {
  const accessToken = query.get('accessToken');
  if (accessToken) return auth.fromToken(accessToken);
  const key = query.get('key');
  if (key) return auth.fromKey(key);
  return authenticateRequest(req, auth);
}

function booleanParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw errors.invalidParam(`unable to open event stream; ${name} must be true or false`);
}
