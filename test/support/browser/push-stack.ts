/**
 * Browser-side handle on a push stack (`push-stack-plugin.ts`) and on what the runner's Node side does to
 * this browser: grant the notification permission, deliver a push to a service worker.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import {
  PUSH_COMMANDS,
  type DeviceJson,
  type PushStackInfo,
  type PushTaskPayload,
  type TestPushSubscription,
} from './push-stack-commands.js';
import type { Role } from '../../../server/backend/ably-auth/capabilities.js';

export type { DeviceJson, TestPushSubscription };

export interface PushStack extends PushStackInfo {
  createTask(payload: Omit<PushTaskPayload, 'id'>): Promise<void>;
  participantToken(payload: { task: string; userId: string; role: Role }): Promise<string>;
  /** A new subscription of the local push service. */
  subscribe(): Promise<TestPushSubscription>;
  /** What the push service received for a subscription, decrypted, oldest first. */
  received(subscriptionId: string): Promise<Record<string, unknown>[]>;
  /** ably-local's device registrations of a clientId. */
  devices(clientId: string): Promise<DeviceJson[]>;
  /** Tells `userId`'s devices that their agent finished (`POST /api/tasks/:task/events`). */
  agentEvent(payload: { task: string; userId: string }): Promise<void>;
  stop(): Promise<void>;
}

export async function startPushStack(allowedOrigins: string[]): Promise<PushStack> {
  const info = await executeServerCommand<PushStackInfo, unknown>(PUSH_COMMANDS.start, { allowedOrigins });
  const { id } = info;
  const run = <R>(name: string, payload: object = {}) =>
    executeServerCommand<R, unknown>(name, { ...payload, id });
  return {
    ...info,
    createTask: async (payload) => void (await run(PUSH_COMMANDS.createTask, payload)),
    participantToken: (payload) => run<string>(PUSH_COMMANDS.participantToken, payload),
    subscribe: () => run<TestPushSubscription>(PUSH_COMMANDS.subscribe),
    received: (subscriptionId) => run<Record<string, unknown>[]>(PUSH_COMMANDS.received, { subscriptionId }),
    devices: (clientId) => run<DeviceJson[]>(PUSH_COMMANDS.devices, { clientId }),
    agentEvent: async (payload) => void (await run(PUSH_COMMANDS.agentEvent, payload)),
    stop: async () => void (await run(PUSH_COMMANDS.stop)),
  };
}

/** Lets this page's origin show notifications (the permission prompt a person would answer). */
export async function grantNotifications(): Promise<void> {
  await executeServerCommand(PUSH_COMMANDS.grantNotifications, { origin: location.origin });
}

/** Resolves with the first message of `type` from a service worker of this page that `accept`s. */
export function fromWorker<T>(type: string, accept: (data: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const listener = (e: MessageEvent) => {
      const data = e.data as { type?: string } & T;
      if (data?.type !== type || !accept(data)) return;
      navigator.serviceWorker.removeEventListener('message', listener);
      resolve(data);
    };
    navigator.serviceWorker.addEventListener('message', listener);
  });
}

/** JSON with every object's keys sorted: DevTools hands the worker a push with its keys reordered. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * Delivers `data` as a push to this origin's service worker of `scope` (default `/`), and resolves once the
 * worker has heard it (the runner's workers say `push-heard`, `push-stack-plugin.ts`). DevTools' delivery
 * reports nothing back and has lost a push on a loaded machine: a push the worker never heard is delivered
 * again, at most three times. What embedded-chat's handler does with a heard push is what the tests check.
 */
export async function deliverPush(data: unknown, scope = `${location.origin}/`): Promise<void> {
  const script = (await navigator.serviceWorker.getRegistration(scope))?.active?.scriptURL;
  const text = canonical(data);
  for (let attempt = 1; ; attempt++) {
    const heard = fromWorker<{ text: string | null }>(
      'push-heard',
      (m) => m.text !== null && canonical(JSON.parse(m.text)) === text,
    );
    await executeServerCommand(PUSH_COMMANDS.deliver, { scope, data, ...(script ? { script } : {}) });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const lost = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 4_000)));
    const wasHeard = await Promise.race([heard.then(() => true), lost]);
    clearTimeout(timer);
    if (wasHeard) return;
    if (attempt === 3) throw new Error(`unable to deliver a push; the worker heard none of 3: ${text}`);
    console.warn(`the worker did not hear push ${attempt} of 3 within 4 s; delivering it again`);
  }
}
