import type { ConnectParams } from './connection-registry.js';

/**
 * The connect request's query string as the registry needs it (DESIGN §3.1), for both transports: the
 * WebSocket upgrade and comet's `/comet/connect`. Comet is JSON only (ably-js forces it), so it passes
 * `json` as `format` whatever the query says. `v`, `agent`, `heartbeats`, `rnd` are accepted and ignored; `appendRollupWindow` is
 * checked when the connection opens (core/append-rollup.ts `appendRollupWindowOf`).
 */
export function connectParamsOf(query: URLSearchParams, format?: 'json'): ConnectParams {
  const get = (name: string) => query.get(name) ?? undefined;
  return {
    key: get('key'),
    accessToken: get('access_token') ?? get('accessToken'),
    clientId: get('clientId'),
    format: format ?? (get('format') === 'msgpack' ? 'msgpack' : 'json'),
    echo: get('echo') !== 'false',
    resume: get('resume'),
    recover: get('recover'),
    appendRollupWindow: get('appendRollupWindow'),
  };
}
