/**
 * Browser-side handle on a push stack (`push-stack-plugin.ts`) and on what the runner's Node side does to
 * this browser: grant the notification permission, deliver a push to a service worker.
 */
import { util } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { waitFor, withTimeout } from './chat-stack.js';
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

/**
 * How long one server command may take before the test fails naming it: far above what one takes on a loaded
 * machine (a stack starts in under 2 s), far below the runner's limit for a whole file.
 */
export const COMMAND_TIMEOUT_MS = 15_000;

/** A server command of the push stack, failing with its name if it does not answer in time. */
function command<R>(name: string, payload: object): Promise<R> {
  return withTimeout(
    executeServerCommand<R, unknown>(name, payload),
    COMMAND_TIMEOUT_MS,
    `the server command ${name}`,
  );
}

export async function startPushStack(allowedOrigins: string[]): Promise<PushStack> {
  const info = await command<PushStackInfo>(PUSH_COMMANDS.start, { allowedOrigins });
  const { id } = info;
  const run = <R>(name: string, payload: object = {}) => command<R>(name, { ...payload, id });
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
  await command(PUSH_COMMANDS.grantNotifications, { origin: location.origin });
}

/** Resolves with the first message of `type` from a service worker of this page (within 10 s). */
export function fromWorker<T>(type: string): Promise<T> {
  let listener: ((e: MessageEvent) => void) | undefined;
  const message = new Promise<T>((resolve) => {
    listener = (e: MessageEvent) => {
      if ((e.data as { type?: string } | null)?.type === type) resolve(e.data as T);
    };
    navigator.serviceWorker.addEventListener('message', listener);
  });
  return withTimeout(message, 10_000, `a ${type} message from the worker`).finally(() =>
    navigator.serviceWorker.removeEventListener('message', listener!),
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
  const heard: unknown[] = [];
  const listener = (e: MessageEvent) => {
    const message = e.data as { type?: string; text?: string | null } | null;
    if (message?.type === 'push-heard' && typeof message.text === 'string')
      heard.push(JSON.parse(message.text));
  };
  navigator.serviceWorker.addEventListener('message', listener);
  try {
    for (let attempt = 1; ; attempt++) {
      await command(PUSH_COMMANDS.deliver, { scope, data, ...(script ? { script } : {}) });
      // Deep equality: DevTools hands the worker the push with its keys reordered.
      const wasHeard = await waitFor(() => heard.some((push) => util.eql(push, data)), {
        timeoutMs: 4_000,
      }).catch(() => false);
      if (wasHeard) return;
      if (attempt === 3) {
        throw new Error(`unable to deliver a push; the worker heard none of 3: ${JSON.stringify(data)}`);
      }
      console.warn(`the worker did not hear push ${attempt} of 3 within 4 s; delivering it again`);
    }
  } finally {
    navigator.serviceWorker.removeEventListener('message', listener);
  }
}
