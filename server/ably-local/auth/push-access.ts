import { AblyError, errors } from '../protocol/ably-error.js';
import type { Operation } from './capability.js';
import { concreteClientId, identityOperations, type Identity } from './identity.js';

/**
 * Who may do what with push (DESIGN §13.2), as Ably's push admin docs describe it: `push-admin` manages
 * every device and subscription and publishes; `push-subscribe` makes the caller a push target that manages
 * its own device registration and its own subscriptions, on channels where it holds `push-subscribe`.
 * Device registration is not tied to a channel, so there the operation counts wherever the capability
 * grants it. Pure; each check throws 40160 (or 40100 without credentials).
 */
export interface PushCaller {
  /** Ably credentials (key or token), when the request carried them. */
  identity?: Identity;
  /** The device the request authenticated as (deviceIdentityToken or deviceSecret), when it did. */
  deviceId?: string;
}

/** Whether every capability of the identity (token and key) grants `op` on at least one resource. */
export function holdsAnywhere(identity: Identity, op: Operation): boolean {
  return identity.capabilities.every((capability) =>
    Object.values(capability).some((ops) => ops.includes('*') || ops.includes(op)),
  );
}

export function isPushAdmin(caller: PushCaller): boolean {
  return caller.identity !== undefined && holdsAnywhere(caller.identity, 'push-admin');
}

function denied(operation: string, reason: string): never {
  throw new AblyError(40160, 401, `unable to ${operation}; ${reason}`);
}

/** `push-admin` only: publishing, listing everything, other devices. */
export function assertPushAdmin(caller: PushCaller, operation: string): void {
  if (!caller.identity && caller.deviceId === undefined) {
    throw errors.unauthorized(`unable to ${operation}; no credentials given`);
  }
  if (!isPushAdmin(caller)) denied(operation, 'requires the push-admin capability');
}

/**
 * Registering a device: `push-admin`, or `push-subscribe` with the device's clientId equal to the caller's
 * (a device registered without one belongs to nobody).
 */
export function assertMayRegister(
  caller: PushCaller,
  device: { clientId?: string },
  operation: string,
): void {
  if (isPushAdmin(caller)) return;
  const identity = caller.identity;
  if (!identity) throw errors.unauthorized(`unable to ${operation}; no credentials given`);
  if (!holdsAnywhere(identity, 'push-subscribe')) {
    denied(operation, 'requires the push-subscribe or push-admin capability');
  }
  const own = concreteClientId(identity);
  if (device.clientId !== undefined && device.clientId !== own) {
    denied(operation, `the device's clientId ${JSON.stringify(device.clientId)} is not the caller's`);
  }
}

/** Reading, updating or removing one device: `push-admin`, or the device itself. */
export function assertMayManageDevice(caller: PushCaller, deviceId: string, operation: string): void {
  if (isPushAdmin(caller) || caller.deviceId === deviceId) return;
  if (!caller.identity && caller.deviceId === undefined) {
    throw errors.unauthorized(`unable to ${operation}; no credentials given`);
  }
  denied(operation, 'requires push-admin, or the device identity token of that device');
}

/**
 * A channel subscription (save, list, remove): `push-admin`; or `push-subscribe` on that channel plus the
 * device's own credentials (for `deviceId`) or the caller's own clientId (for `clientId`).
 */
export function assertMaySubscribe(
  caller: PushCaller,
  subscription: { channel?: string; deviceId?: string; clientId?: string },
  operation: string,
): void {
  if (isPushAdmin(caller)) return;
  const identity = caller.identity;
  if (!identity) throw errors.unauthorized(`unable to ${operation}; no credentials given`);
  const { channel } = subscription;
  const granted =
    channel === undefined
      ? holdsAnywhere(identity, 'push-subscribe')
      : identityOperations(identity, channel).has('push-subscribe');
  if (!granted) {
    denied(
      operation,
      `requires push-subscribe${channel === undefined ? '' : ` on channel ${JSON.stringify(channel)}`}`,
    );
  }
  if (subscription.deviceId !== undefined && subscription.deviceId !== caller.deviceId) {
    denied(operation, 'requires the device identity token of that device (X-Ably-DeviceToken)');
  }
  if (subscription.clientId !== undefined && subscription.clientId !== concreteClientId(identity)) {
    denied(operation, `clientId ${JSON.stringify(subscription.clientId)} is not the caller's`);
  }
  if (subscription.deviceId === undefined && subscription.clientId === undefined) {
    denied(operation, 'requires push-admin to act on every subscriber');
  }
}
