import type { Clock } from '../core/clock.js';
import { guarded, reportSafely, type ErrorReporter } from '../protocol/error-reporter.js';
import { toBase64Url, webEndpoint, type DeviceRecord, type PushRecipient } from './device-details.js';
import { shortEndpoint, type OutboxEntry, type PushOutbox } from './push-outbox.js';
import { pushTtl, webPushBody, type PushPayload } from './push-payload.js';
import type { PushStore, VapidKeys } from './push-store.js';
import type { WebPushSender } from './web-push-sender.js';

export interface PushDeliveryOptions {
  store: PushStore;
  outbox: PushOutbox;
  send: WebPushSender;
  vapid: () => VapidKeys & { subject: string };
  clock: Clock;
  report: ErrorReporter;
  /** Web Push requests in flight at once; the rest wait in the queue. */
  concurrency: number;
  /** Deliveries waiting at most; beyond it new ones are dropped (recorded as failed). */
  maxQueued: number;
  /** TTL when the payload gives none (seconds). */
  defaultTtlSeconds: number;
}

/** Where a delivery came from, for the outbox. */
export interface DeliverySource {
  source: 'publish' | 'channel';
  channel?: string;
}

interface Job {
  entry: OutboxEntry;
  recipient: Extract<PushRecipient, { transportType: 'web' }>;
  deviceId?: string;
  /** The device's state when queued: a success on an ACTIVE device changes nothing to store. */
  deviceState?: DeviceRecord['push']['state'];
  endpoint: string;
  body: string;
  ttl: number;
}

/** What every recipient of one payload gets: worked out once per publish, not once per device. */
interface Prepared {
  body: ReturnType<typeof webPushBody>;
  json: string;
  ttl: number;
}

/**
 * Delivers pushes to devices (DESIGN §13.5): real Web Push over HTTPS for `web` recipients, each recorded in
 * the outbox. Publishing only queues (encryption and sending start on the next turn of the event loop):
 * nothing here makes a publish wait, and a slow or failing push service
 * holds one of `concurrency` slots until its socket times out. A device whose push service answers 404 or
 * 410 (the subscription is gone) is marked `FAILED` and skipped from then on; other failures mark it
 * `FAILING`, a success `ACTIVE` again.
 */
export class PushDelivery {
  private readonly _queue: Job[] = [];
  private _running = 0;
  private _pumpScheduled = false;

  constructor(private readonly _o: PushDeliveryOptions) {}

  /**
   * Queues the payload for each device; returns the outbox entries (pending, skipped or failed). With
   * `skip`, nothing is sent and each device's entry says why (push not enabled on the channel).
   */
  toDevices(
    devices: readonly DeviceRecord[],
    payload: PushPayload,
    from: DeliverySource,
    skip?: string,
  ): OutboxEntry[] {
    const prepared = this._prepare(payload);
    return devices.map((device) => this._enqueue(device.push.recipient, prepared, from, device, skip));
  }

  /** Queues the payload for a recipient given inline (no device registration). */
  toRecipient(recipient: PushRecipient, payload: PushPayload, from: DeliverySource): OutboxEntry {
    return this._enqueue(recipient, this._prepare(payload), from);
  }

  private _prepare(payload: PushPayload): Prepared {
    const body = webPushBody(payload);
    return { body, json: JSON.stringify(body), ttl: pushTtl(payload, this._o.defaultTtlSeconds) };
  }

  private _enqueue(
    recipient: PushRecipient,
    prepared: Prepared,
    from: DeliverySource,
    device?: DeviceRecord,
    skip?: string,
  ): OutboxEntry {
    const { body, json, ttl } = prepared;
    const entry = this._o.outbox.add({
      at: this._o.clock.now(),
      ...from,
      ...(device ? { deviceId: device.id } : {}),
      ...(device?.clientId === undefined ? {} : { clientId: device.clientId }),
      transportType: recipient.transportType,
      payload: body,
      result: 'pending',
    });
    if (skip !== undefined) return settle(entry, 'skipped', skip);
    if (device?.push.state === 'FAILED') return settle(entry, 'skipped', 'the device is FAILED');
    if (recipient.transportType !== 'web') {
      return settle(entry, 'skipped', `ably-local delivers web push only, not ${recipient.transportType}`);
    }
    const endpoint = webEndpoint(recipient);
    entry.endpoint = shortEndpoint(endpoint);
    if (this._queue.length >= this._o.maxQueued) return settle(entry, 'failed', 'delivery queue full');
    entry.ttlSeconds = ttl;
    this._queue.push({
      entry,
      recipient,
      ...(device ? { deviceId: device.id, deviceState: device.push.state } : {}),
      endpoint,
      body: json,
      ttl,
    });
    this._schedulePump();
    return entry;
  }

  /** Deliveries start on the next turn of the event loop: the publish that queued them answers first. */
  private _schedulePump(): void {
    if (this._pumpScheduled) return;
    this._pumpScheduled = true;
    setImmediate(
      guarded(this._o.report, 'deliver pushes', () => {
        this._pumpScheduled = false;
        this._pump();
      }),
    );
  }

  private _pump(): void {
    while (this._running < this._o.concurrency && this._queue.length > 0) {
      const job = this._queue.shift()!;
      this._running++;
      this._run(job)
        .catch((err: unknown) => {
          settle(job.entry, 'failed', 'internal error');
          reportSafely(this._o.report, 'deliver a push', err);
        })
        .finally(() => {
          this._running--;
          this._pump();
        });
    }
  }

  private async _run(job: Job): Promise<void> {
    const started = this._o.clock.now();
    const outcome = await this._o.send({
      endpoint: job.endpoint,
      keys: {
        p256dh: toBase64Url(job.recipient.encryptionKey.p256dh),
        auth: toBase64Url(job.recipient.encryptionKey.auth),
      },
      body: job.body,
      ttlSeconds: job.ttl,
      vapid: this._o.vapid(),
    });
    job.entry.ms = this._o.clock.now() - started;
    if (outcome.statusCode !== undefined) job.entry.statusCode = outcome.statusCode;
    const ok = outcome.statusCode !== undefined && outcome.statusCode >= 200 && outcome.statusCode < 300;
    if (ok) settle(job.entry, 'delivered');
    else settle(job.entry, 'failed', outcome.error ?? `push service answered ${outcome.statusCode}`);
    if (job.deviceId !== undefined) this._updateState(job, ok, outcome.statusCode);
  }

  /** Records the device's new state, unless it was re-registered with another endpoint meanwhile. */
  private _updateState(job: Job, ok: boolean, statusCode: number | undefined): void {
    if (ok && job.deviceState === 'ACTIVE') return;
    const device = this._o.store.getDevice(job.deviceId!);
    const current = device?.push.recipient;
    if (!device || current?.transportType !== 'web' || current.targetUrl !== job.recipient.targetUrl) return;
    const gone = statusCode === 404 || statusCode === 410;
    const state = ok ? 'ACTIVE' : gone ? 'FAILED' : 'FAILING';
    if (ok && device.push.state === 'ACTIVE') return;
    device.push.state = state;
    if (ok) delete device.push.error;
    else {
      device.push.error = {
        code: gone ? 40400 : 50000,
        statusCode: statusCode ?? 500,
        message: job.entry.reason ?? 'push delivery failed',
      };
    }
    device.updatedAt = this._o.clock.now();
    this._o.store.putDevice(device);
  }
}

function settle(entry: OutboxEntry, result: OutboxEntry['result'], reason?: string): OutboxEntry {
  entry.result = result;
  if (reason !== undefined) entry.reason = reason;
  return entry;
}
