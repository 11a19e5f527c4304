import { assertMayRegister, isPushAdmin, type PushCaller } from '../auth/push-access.js';
import type { ChannelEvents } from '../core/channel-events.js';
import type { ChannelRules } from '../core/channel-rules.js';
import type { Clock } from '../core/clock.js';
import type { StoredMessage } from '../core/message-store.js';
import { MessageAction } from '../protocol/actions.js';
import { AblyError, errors } from '../protocol/ably-error.js';
import { reportSafely, type ErrorReporter } from '../protocol/error-reporter.js';
import type { ChannelSubscription, DeviceInput, DeviceRecord, PushRecipient } from './device-details.js';
import { deviceSecretMatches, deviceTokenMatches, mintDeviceToken } from './device-token.js';
import { PushDelivery, type DeliverySource } from './push-delivery.js';
import { PushOutbox, type OutboxEntry } from './push-outbox.js';
import { parsePayload, type PublishTarget, type PushPayload } from './push-payload.js';
import type { PushStore, VapidKeys } from './push-store.js';
import { generateVapidKeys, type WebPushSender } from './web-push-sender.js';

/** Push settings of `createLocalAbly` (DESIGN §13, §11). */
export interface LocalPushOptions {
  /** VAPID `sub` claim: a `mailto:` or `https:` URL (default `mailto:ably-local@localhost.invalid`). */
  vapidSubject?: string;
  /** A VAPID key pair to use instead of the generated, persisted one. */
  vapidKeys?: VapidKeys;
  /** Web Push requests in flight at once (default 32). */
  concurrency?: number;
  /** Socket timeout of a Web Push request (default 10 000 ms). */
  timeoutMs?: number;
  /** TTL of a push whose payload has no `notification.ttl` (default 86 400 s). */
  ttlSeconds?: number;
  /** Deliveries kept for `GET /push/outbox` (default 500). */
  outboxSize?: number;
}

export const DEFAULT_VAPID_SUBJECT = 'mailto:ably-local@localhost.invalid';
/** Devices one clientId may register; beyond it registration is refused (DESIGN §13.1). */
export const MAX_DEVICES_PER_CLIENT = 100;
/** Channel subscriptions per device or clientId (the per-connection channel limit, DESIGN §4.2). */
export const MAX_SUBSCRIPTIONS = 200;

function validVapidKeys(keys: VapidKeys): boolean {
  const bytes = (text: string) =>
    /^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url').length : -1;
  return bytes(keys.publicKey) === 65 && bytes(keys.privateKey) === 32;
}

/**
 * ably-local's push service (DESIGN §13): device registrations with deviceIdentityTokens, channel
 * subscriptions, direct publishes and channel push for messages whose `extras.push` is set, delivered as real
 * Web Push. The REST routes authenticate and authorise (`auth/push-access.ts`); this keeps the state.
 */
export class LocalPush implements Pick<ChannelEvents, 'messages'> {
  readonly outbox: PushOutbox;
  readonly delivery: PushDelivery;
  private readonly _vapid: VapidKeys;
  private readonly _subject: string;

  constructor(
    readonly store: PushStore,
    send: WebPushSender,
    private readonly _clock: Clock,
    private readonly _report: ErrorReporter,
    private readonly _rules: ChannelRules,
    options: LocalPushOptions = {},
  ) {
    this._subject = options.vapidSubject ?? DEFAULT_VAPID_SUBJECT;
    if (!/^(mailto:|https:\/\/)\S+$/.test(this._subject)) {
      throw errors.badRequest('unable to start push; the VAPID subject must be a mailto: or https: URL');
    }
    if (options.vapidKeys && !validVapidKeys(options.vapidKeys)) {
      throw errors.badRequest(
        'unable to start push; VAPID keys must be URL-safe base64 of a 65-byte public and 32-byte private P-256 key',
      );
    }
    const stored = options.vapidKeys ? undefined : store.vapidKeys();
    this._vapid = options.vapidKeys ?? stored ?? generateVapidKeys();
    if (!options.vapidKeys && !stored) store.saveVapidKeys(this._vapid);
    this.outbox = new PushOutbox(options.outboxSize ?? 500);
    this.delivery = new PushDelivery({
      store,
      outbox: this.outbox,
      send,
      vapid: () => ({ ...this._vapid, subject: this._subject }),
      clock: _clock,
      report: _report,
      concurrency: options.concurrency ?? 32,
      maxQueued: 10_000,
      defaultTtlSeconds: options.ttlSeconds ?? 86_400,
    });
  }

  /** The public VAPID key browsers subscribe with (`GET /push/publicVapidKey`). */
  get publicVapidKey(): string {
    return this._vapid.publicKey;
  }

  /**
   * `POST /push/deviceRegistrations` (and `PUT …/:id`): stores the device and answers it with a fresh
   * deviceIdentityToken (`keepToken`: an existing device keeps its own and none is returned).
   * Re-registering an existing id needs push-admin or that device's credentials.
   */
  register(
    input: DeviceInput,
    caller: PushCaller,
    operation: string,
    options: { keepToken?: boolean } = {},
  ): { device: DeviceRecord; token?: string } {
    assertMayRegister(caller, input, operation);
    const existing = this.store.getDevice(input.id);
    const admin = isPushAdmin(caller);
    if (existing && !admin && caller.deviceId !== input.id) {
      const sameSecret =
        input.deviceSecret !== undefined && deviceSecretMatches(input.deviceSecret, existing.deviceSecret);
      if (!sameSecret) {
        throw new AblyError(
          40160,
          401,
          `unable to ${operation}; device ${input.id} is registered with other credentials`,
        );
      }
    }
    if (input.clientId !== undefined && existing?.clientId !== input.clientId) {
      if (this.store.countDevicesOfClient(input.clientId) >= MAX_DEVICES_PER_CLIENT) {
        throw errors.badRequest(
          `unable to ${operation}; clientId ${JSON.stringify(input.clientId)} has ${MAX_DEVICES_PER_CLIENT} devices`,
        );
      }
    }
    const now = this._clock.now();
    // An admin's save of an existing device keeps its token, so the device itself keeps working.
    const keep = options.keepToken === true && existing?.tokenHash !== undefined;
    const minted = keep ? undefined : mintDeviceToken(input.id);
    const { recipient, ...fields } = input;
    const device: DeviceRecord = {
      ...fields,
      ...(input.deviceSecret === undefined && existing?.deviceSecret !== undefined
        ? { deviceSecret: existing.deviceSecret }
        : {}),
      push: { recipient, state: 'ACTIVE' },
      tokenHash: minted?.hash ?? existing!.tokenHash!,
      tokenIssued: minted ? now : existing!.tokenIssued!,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    this.store.putDevice(device);
    // A device that changed hands keeps no subscriptions made by its previous clientId.
    if (existing && existing.clientId !== device.clientId) this.store.unsubscribe({ deviceId: device.id });
    return minted ? { device, token: minted.token } : { device };
  }

  /** `PATCH /push/deviceRegistrations/:id`: a new recipient (re-subscribed browser) or metadata. */
  update(id: string, patch: { recipient?: PushRecipient; metadata?: Record<string, unknown> }): DeviceRecord {
    const device = this.store.getDevice(id);
    if (!device) throw errors.notFound(`unable to update device; no device ${id}`);
    if (patch.recipient) device.push = { recipient: patch.recipient, state: 'ACTIVE' };
    if (patch.metadata) device.metadata = patch.metadata;
    device.updatedAt = this._clock.now();
    this.store.putDevice(device);
    return device;
  }

  /** The device a deviceIdentityToken or deviceSecret proves, if it does. */
  authenticateDevice(deviceId: string, credential: { token?: string; secret?: string }): boolean {
    const device = this.store.getDevice(deviceId);
    if (!device) return false;
    if (credential.token !== undefined) return deviceTokenMatches(credential.token, device.tokenHash);
    if (credential.secret !== undefined) return deviceSecretMatches(credential.secret, device.deviceSecret);
    return false;
  }

  /** Adds a channel subscription; the device must exist and subscriptions stay within their limit. */
  subscribe(subscription: ChannelSubscription, operation: string): ChannelSubscription {
    if (subscription.deviceId !== undefined && !this.store.getDevice(subscription.deviceId)) {
      throw errors.notFound(`unable to ${operation}; no device ${subscription.deviceId}`);
    }
    const who =
      subscription.deviceId !== undefined
        ? { deviceId: subscription.deviceId }
        : { clientId: subscription.clientId! };
    const already = this.store.listSubscriptions({ ...subscription, limit: 1 }).length > 0;
    if (!already && this.store.countSubscriptionsOf(who) >= MAX_SUBSCRIPTIONS) {
      throw errors.badRequest(
        `unable to ${operation}; at most ${MAX_SUBSCRIPTIONS} channel subscriptions each`,
      );
    }
    this.store.subscribe(subscription);
    return subscription;
  }

  /** `POST /push/publish`: queues deliveries and returns their outbox entries (never waits for them). */
  publish(target: PublishTarget, payload: PushPayload): OutboxEntry[] {
    const from: DeliverySource = { source: 'publish' };
    if ('recipient' in target) return [this.delivery.toRecipient(target.recipient, payload, from)];
    const devices =
      'deviceId' in target
        ? [this.store.getDevice(target.deviceId)].filter((d) => d !== undefined)
        : this.store.devicesOfClient(target.clientId);
    return this.delivery.toDevices(devices, payload, from);
  }

  /**
   * Channel push (ChannelEvents): a new message with `extras.push` goes to every device subscribed to the
   * channel, directly or through its clientId, once each. Updates and deletes push nothing. On a channel
   * whose rules do not enable push nothing is sent, and the outbox says so for each device (DESIGN §15.4).
   */
  messages(channel: string, messages: readonly StoredMessage[]): void {
    let devices: DeviceRecord[] | undefined; // read once for the batch, and only when a message pushes
    for (const message of messages) {
      const push = message.extras?.push;
      if (push === undefined || message.action !== MessageAction.CREATE) continue;
      let payload: PushPayload;
      try {
        payload = parsePayload(push, 'push message');
      } catch (err) {
        reportSafely(this._report, `push message ${message.serial} on ${channel}`, err);
        continue;
      }
      devices ??= this.subscribedDevices(channel);
      const skip = this._rules.of(channel).pushEnabled
        ? undefined
        : `push is not enabled on ${JSON.stringify(channel)} (no channel rule with pushEnabled for its namespace)`;
      this.delivery.toDevices(devices, payload, { source: 'channel', channel }, skip);
    }
  }

  /** Devices subscribed to a channel, deduplicated. */
  subscribedDevices(channel: string): DeviceRecord[] {
    const devices = new Map<string, DeviceRecord>();
    for (const s of this.store.subscriptionsOf(channel)) {
      if (s.deviceId !== undefined) {
        const device = this.store.getDevice(s.deviceId);
        if (device) devices.set(device.id, device);
      } else if (s.clientId !== undefined) {
        for (const device of this.store.devicesOfClient(s.clientId)) devices.set(device.id, device);
      }
    }
    return [...devices.values()];
  }
}
