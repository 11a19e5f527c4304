/**
 * Server commands of the browser push tests (`push-stack-plugin.ts`): a push stack — a local HTTPS push
 * service, ably-local trusting it with a webhook rule to the backend, and the backend — and what only the
 * runner's Node side can do to the browser: grant the notification permission and deliver a push to a
 * service worker over the DevTools protocol. Types only, so both sides load it.
 */
import type { Role } from '../../../server/backend/ably-auth/capabilities.js';

export const PUSH_COMMANDS = {
  start: 'push:start',
  stop: 'push:stop',
  createTask: 'push:createTask',
  participantToken: 'push:participantToken',
  subscribe: 'push:subscribe',
  received: 'push:received',
  devices: 'push:devices',
  agentEvent: 'push:agentEvent',
  grantNotifications: 'push:grantNotifications',
  deliver: 'push:deliver',
} as const;

export interface PushStackInfo {
  id: string;
  backendUrl: string;
  tokenUrl: string;
  ablyLocalUrl: string;
}

/** A PushSubscription the local push service issued, as a browser's `pushManager.subscribe()` would. */
export interface TestPushSubscription {
  id: string;
  endpoint: string;
  /** Standard base64 of the P-256 public key (65 bytes) and of the auth secret (16 bytes). */
  p256dh: string;
  auth: string;
}

export interface PushTaskPayload {
  id: string;
  task: string;
  title: string;
  url?: string;
  participants: { userId: string; role: Role; name: string }[];
}

export interface PushParticipantPayload {
  id: string;
  task: string;
  userId: string;
  role: Role;
}

/** A device registration as `push.admin.deviceRegistrations.list` answers it (JSON). */
export interface DeviceJson {
  id: string;
  clientId?: string;
  platform: string;
  push: { state: string; recipient: { transportType: string; targetUrl?: string } };
}

export interface DeliverPayload {
  /** The registration's scope URL, e.g. `${location.origin}/`. */
  scope: string;
  /** The script URL of this page's active worker there: DevTools may list other registrations of the scope. */
  script?: string;
  /** What `event.data.json()` returns in the worker. */
  data: unknown;
}
