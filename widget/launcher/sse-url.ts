import type { AblyClientOptions } from '../../server/contract/api-contract.js';

/** What a stream asks Ably's SSE API for. */
export interface SseRequest {
  channel: string;
  /** An Ably token (the JWT `POST /api/token` answers). */
  accessToken: string;
  /** The `id` of the last event received: the stream resumes after it (`rewind` is then ignored). */
  lastEvent?: string;
  /** Messages published before the stream opened to send first (best effort, the last two minutes). */
  rewind?: number;
}

/**
 * The URL of Ably's SSE API (`GET <realtime host>/sse`, https://ably.com/docs/api/sse) for the client options the
 * token route gives: the realtime host ably-js would connect to — `main.realtime.ably.net` by default, a
 * routing policy's `<id>.realtime.ably.net`, or the host and port of ably-local. Pure.
 */
export function sseUrl(options: AblyClientOptions, request: SseRequest): string {
  const url = new URL(`${origin(options)}/sse`);
  url.searchParams.set('v', '1.2');
  url.searchParams.set('channels', request.channel);
  url.searchParams.set('accessToken', request.accessToken);
  if (request.lastEvent !== undefined) url.searchParams.set('lastEvent', request.lastEvent);
  else if (request.rewind !== undefined) url.searchParams.set('rewind', String(request.rewind));
  return url.href;
}

/** The realtime origin for an endpoint, as ably-js derives its primary domain (REC1b). */
function origin(options: AblyClientOptions): string {
  const endpoint = options.endpoint ?? 'main';
  const hostname =
    endpoint.includes('.') || endpoint.includes('::') || endpoint === 'localhost'
      ? endpoint
      : endpoint.startsWith('nonprod:')
        ? `${endpoint.slice('nonprod:'.length)}.realtime.ably-nonprod.net`
        : `${endpoint}.realtime.ably.net`;
  const tls = options.tls !== false;
  const port = tls ? options.tlsPort : options.port;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return `${tls ? 'https' : 'http'}://${host}${port === undefined ? '' : `:${port}`}`;
}
