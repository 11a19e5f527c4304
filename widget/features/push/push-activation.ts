import type * as Ably from 'ably';
import { BaseRest, FetchRequest } from 'ably/modular';
import Push from 'ably/push';
import type { AblyClientOptions } from '../../../server/contract/api-contract.js';

/**
 * "Notify me", the part only loaded when someone turns notifications on or off (its own chunk, with the
 * `ably/push` plugin, so pages that never use it do not download it). A REST client with the Push plugin
 * activates the browser (permission, service worker, push subscription, device registration under the
 * participant's clientId, answered with a deviceIdentityToken) and subscribes the device to the user's
 * notifications channel, which the token grants `push-subscribe` on.
 */
export interface PushActivationOptions {
  /** The token answer's client options (endpoint, port, tls for ably-local; empty for Ably's cloud). */
  clientOptions: AblyClientOptions;
  clientId: string;
  /** The user's notifications channel (`notificationsChannel` of the token answer). */
  channel: string;
  /** Where the page serves the service worker (default `/embedded-chat-sw.js`). */
  workerUrl: string;
  /** A current Ably token for the participant (the backend's token endpoint). */
  token: () => Promise<string>;
}

/** Ably's code for "this browser's device is registered to another clientId". */
const OTHER_CLIENT = 61002;

function client(o: PushActivationOptions): Ably.Rest {
  return new BaseRest({
    ...o.clientOptions,
    clientId: o.clientId,
    authCallback: (_params, callback) => {
      o.token().then(
        (token) => callback(null, token),
        (err: unknown) =>
          callback({ code: 40170, statusCode: 401, message: String(err) } as Ably.ErrorInfo, null),
      );
    },
    pushServiceWorkerUrl: o.workerUrl,
    logLevel: 0,
    plugins: { FetchRequest, Push },
  } as Ably.ClientOptions) as unknown as Ably.Rest;
}

/** Turns notifications on for this browser; a device left by another user of it is taken over. */
export async function enablePush(o: PushActivationOptions): Promise<void> {
  await activeWorker(o.workerUrl);
  const rest = client(o);
  try {
    await rest.push.activate();
  } catch (err) {
    if ((err as Ably.ErrorInfo).code !== OTHER_CLIENT) throw err;
    await rest.push.deactivate(undefined as never);
    await rest.push.activate();
  }
  await rest.channels.get(o.channel).push.subscribeDevice();
}

/** Turns them off: the device registration goes (with its subscriptions), then the push subscription. */
export async function disablePush(o: PushActivationOptions): Promise<void> {
  await client(o).push.deactivate(undefined as never);
  const registration = await navigator.serviceWorker.getRegistration(o.workerUrl);
  await (await registration?.pushManager.getSubscription())?.unsubscribe();
}

/**
 * Registers the worker and resolves once it is active, or rejects if it fails to install: `push.activate()`
 * waits for a worker that is not active yet with `serviceWorker.ready`, which never settles for a worker that
 * failed to install (the toggle would stay busy for good).
 */
async function activeWorker(url: string): Promise<void> {
  const registration = await navigator.serviceWorker.register(url);
  if (registration.active) return;
  const worker = registration.installing ?? registration.waiting;
  await new Promise<void>((resolve, reject) => {
    const settle = () => {
      if (registration.active) resolve();
      else if (!worker || worker.state === 'redundant') {
        reject(new Error(`the service worker ${url} did not install`));
      } else return;
      worker?.removeEventListener('statechange', settle);
    };
    worker?.addEventListener('statechange', settle);
    settle();
  });
}
