import * as Ably from 'ably';
import Push from 'ably/push';
import jwt from 'jsonwebtoken';
import { afterEach } from 'vitest';
import type { LocalAbly, LocalAblyOptions } from '../../server/ably-local/create-server.js';
import { sdkOptions, startLocalAbly } from './local-ably.js';
import { LocalPushService, type TestSubscription } from './push-service.js';

const services: LocalPushService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

/** The channel rule that enables channel push on `notifications:*`, as the project's Ably setup makes it. */
export const PUSH_NAMESPACE = { id: 'notifications', pushEnabled: true };

/**
 * A local HTTPS push service and an ably-local that trusts its certificate, both closed after the test;
 * channel push is enabled on `notifications:*` unless `namespaces` say otherwise.
 */
export async function startPushStack(
  options: LocalAblyOptions = {},
): Promise<{ server: LocalAbly; service: LocalPushService }> {
  const service = await LocalPushService.start();
  services.push(service);
  const server = await startLocalAbly({
    namespaces: [PUSH_NAMESPACE],
    ...options,
    push: { agent: service.agent(), ...options.push },
  });
  return { server, service };
}

/** An Ably JWT signed with the server's key, as a backend issues them. */
export function tokenFor(
  server: LocalAbly,
  claims: { clientId?: string; capability: Record<string, string[]> },
  ttlSeconds = 600,
): string {
  const key = server.keys[0]!;
  return jwt.sign(
    {
      'x-ably-capability': JSON.stringify(claims.capability),
      ...(claims.clientId === undefined ? {} : { 'x-ably-clientId': claims.clientId }),
    },
    key.secret,
    { algorithm: 'HS256', keyid: key.keyName, expiresIn: ttlSeconds },
  );
}

/** Storage for the push plugin's activation state, in memory (a browser uses localStorage). */
export function memoryPushStorage(): {
  get(k: string): string | null;
  set(k: string, v: string): void;
  remove(k: string): void;
} {
  const values = new Map<string, string>();
  return {
    get: (k) => values.get(k) ?? null,
    set: (k, v) => void values.set(k, v),
    remove: (k) => void values.delete(k),
  };
}

/**
 * A Node REST client with the real `ably/push` plugin and its real activation state machine. Where a browser
 * would ask its push service for a PushSubscription (`getW3CPushDeviceDetails`), this hands the machine a
 * {@link TestSubscription} of the local push service; everything after that — register (answering a
 * deviceIdentityToken), device-authenticated updates, `subscribeDevice`, deregistration — is the SDK's own.
 */
export function pushDeviceClient(
  server: Pick<LocalAbly, 'clientOptions'>,
  useBinaryProtocol: boolean,
  options: {
    token: string | (() => string);
    clientId?: string;
    subscription: () => TestSubscription;
    storage?: ReturnType<typeof memoryPushStorage>;
  },
): Ably.Rest {
  const storage = options.storage ?? memoryPushStorage();
  const token = options.token;
  const plugin = {
    ...(Push as Record<string, unknown>),
    pushConfig: {
      platform: 'browser',
      formFactor: 'desktop',
      storage,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the plugin's machine is untyped
      getPushDeviceDetails: async (machine: any) => {
        const device = await machine.client.getDevice();
        device.push.recipient = options.subscription().recipient;
        device.persist();
        machine.handleEvent(new machine.GotPushDeviceDetails());
      },
    },
  };
  return new Ably.Rest(
    sdkOptions(server, useBinaryProtocol, {
      ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
      authCallback: (_params, callback) => callback(null, typeof token === 'string' ? token : token()),
      plugins: { Push: plugin } as Ably.ClientOptions['plugins'],
    }),
  );
}
