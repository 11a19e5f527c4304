import * as Ably from 'ably';
import { restOptions, type AblySettings } from '../ably-auth/ably-settings.js';

/**
 * The backend's own Ably REST client on the configured endpoint, SDK logging off: with the API key, or with
 * `token` when it acts as someone (a bot's token, so its messages carry the bot's clientId and claim).
 */
export function createRestClient(
  settings: AblySettings,
  token?: string,
  extra: Pick<Ably.ClientOptions, 'useBinaryProtocol'> = {},
): Ably.Rest {
  const { key, ...endpoint } = restOptions(settings);
  return new Ably.Rest({
    ...endpoint,
    ...(token === undefined ? { key } : { token }),
    logLevel: 0,
    ...extra,
  });
}
