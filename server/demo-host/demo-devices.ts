import * as Ably from 'ably';
import { notificationsChannelFor } from '../backend/index.js';
import type { DemoPushRelay } from './demo-push-relay.js';
import { SCENARIOS } from './scenarios.js';

/** How the demo reaches ably-local's push admin API (npm start hands over its key; development only). */
export interface DemoPushAdmin {
  relay: DemoPushRelay;
  key: string;
  endpoint: string;
  port: number;
}

/**
 * Gives every demo participant a web push device on the relay, registered through Ably's push admin API as
 * the `ably/push` plugin would register a browser, and subscribed to the participant's notifications channel as
 * "notify me" does: so a participant whose pane is closed is alerted of messages and of an agent that finished,
 * and the alert shows in the demo's push outbox. Saving again on each start replaces last run's devices.
 */
export async function registerDemoDevices(admin: DemoPushAdmin): Promise<void> {
  const rest = new Ably.Rest({
    key: admin.key,
    endpoint: admin.endpoint,
    port: admin.port,
    tls: false,
    logLevel: 0,
  });
  const people = new Set(SCENARIOS.flatMap((s) => s.people.filter((p) => !p.hidden).map((p) => p.userId)));
  for (const userId of people) {
    const subscription = admin.relay.subscribe(userId);
    await rest.push.admin.deviceRegistrations.save({
      id: subscription.deviceId,
      clientId: userId,
      platform: 'browser',
      formFactor: 'desktop',
      push: { recipient: subscription.recipient },
    } as Ably.DeviceDetails);
    await rest.push.admin.channelSubscriptions.save({
      channel: notificationsChannelFor(userId),
      deviceId: subscription.deviceId,
    });
  }
}
