import type { AblyClientOptions } from '../../contract/api-contract.js';

/**
 * Which Ably the backend talks to, and what the widget needs to reach the same one. Pure.
 * Ably's cloud: only `apiKey`. ably-local (or any self-hosted endpoint): `apiKey` plus `endpoint`/`port`/`tls`.
 */
export interface AblySettings {
  /** `appId.keyId:secret`. */
  apiKey: string;
  /** A host such as `127.0.0.1` for ably-local; absent for Ably's cloud. */
  endpoint?: string;
  /** Port of `endpoint` (plain or TLS, following `tls`). */
  port?: number;
  /** Whether `endpoint` speaks TLS; default false for an endpoint. */
  tls?: boolean;
  /** The host browsers use for `endpoint` when it differs (containers, LAN demos). */
  publicEndpoint?: string;
  /** The port browsers use when it differs from `port`. */
  publicPort?: number;
}

/** Client options the backend's own Ably REST client uses (key auth). */
export interface AblyRestOptions {
  key: string;
  endpoint?: string;
  port?: number;
  tlsPort?: number;
  tls?: boolean;
}

/**
 * Client options returned to the widget with each token: empty for Ably's cloud; for a host endpoint the
 * host, port and TLS flag and connectivity checks that stay local. No transports are pinned: ably-local
 * speaks comet too, so a browser whose WebSockets are blocked falls back to long polling as on Ably.
 */
export type WidgetClientOptions = AblyClientOptions;

/** Splits `appId.keyId:secret`; throws when the key is malformed (ably-js key syntax: no `.` or `:` in the secret). */
export function parseApiKey(apiKey: string): { keyName: string; secret: string } {
  const match = /^([^:\s]+\.[^:\s]+):([^:.\s]+)$/.exec(apiKey);
  if (!match) throw new Error('invalid Ably API key; expected appId.keyId:secret');
  return { keyName: match[1]!, secret: match[2]! };
}

/** An ably-js endpoint that names a host rather than a routing policy (ably-js takes one with a `.`, `::` or `localhost` as the host itself). */
function isHostEndpoint(endpoint: string): boolean {
  return endpoint.includes('.') || endpoint.includes('::') || endpoint === 'localhost';
}

/** Options for `new Ably.Rest(...)` in the backend. */
export function restOptions(settings: AblySettings): AblyRestOptions {
  const { apiKey, endpoint, port, tls = false } = settings;
  if (endpoint === undefined) return { key: apiKey };
  if (!isHostEndpoint(endpoint)) return { key: apiKey, endpoint };
  return { key: apiKey, endpoint, tls, ...(port === undefined ? {} : tls ? { tlsPort: port } : { port }) };
}

/** Options the widget spreads into `new Ably.Realtime(...)` next to its `authCallback`. */
export function widgetClientOptions(settings: AblySettings): WidgetClientOptions {
  const { tls = false } = settings;
  const host = settings.publicEndpoint ?? settings.endpoint;
  if (host === undefined) return {};
  if (!isHostEndpoint(host)) return { endpoint: host };
  const port = settings.publicPort ?? settings.port;
  const authority = `${host.includes(':') ? `[${host}]` : host}${port === undefined ? '' : `:${port}`}`;
  return {
    endpoint: host,
    ...(port === undefined ? {} : tls ? { tlsPort: port } : { port }),
    tls,
    connectivityCheckUrl: `${tls ? 'https' : 'http'}://${authority}/is-the-internet-up.txt`,
    wsConnectivityCheckUrl: `${tls ? 'wss' : 'ws'}://${authority}/`,
  };
}
