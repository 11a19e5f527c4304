/**
 * "Notify me" end to end in Chromium: the element's toggle, the real `ably/push` plugin (permission,
 * service worker, VAPID key, device registration answered with a deviceIdentityToken, `subscribeDevice` on
 * the user's notifications channel), the backend's agent event, ably-local's Web Push to the local push
 * service (which decrypts it), and the shipped service worker showing it.
 *
 * One piece is stood in for: `pushManager.subscribe()`. Chromium asks its push service (FCM, on the
 * internet) for a subscription, which cannot work offline, so this page's PushManager hands out a
 * subscription of the local push service instead — its endpoint and keys, as a real one carries. Needs
 * `npm run build` for `dist/embedded-chat-sw.js`.
 */
import { expect } from 'chai';
import { after, afterEach, before, describe, it } from '../../support/browser/mocha-globals.js';
import {
  deliverPush,
  grantNotifications,
  startPushStack,
  type PushStack,
  type TestPushSubscription,
} from '../../support/browser/push-stack.js';
import { allByRole, findByRole, viewRoot, waitFor, withTimeout } from '../element-harness.js';

const NOTIFY = 'Notify me when I am away';
const original = {
  subscribe: PushManager.prototype.subscribe,
  getSubscription: PushManager.prototype.getSubscription,
};

let stack: PushStack;
let subscription: TestPushSubscription;
let current: PushSubscription | null = null;
let applicationServerKey: Uint8Array | undefined;
const elements: HTMLElement[] = [];

const bytes = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;

/** A PushSubscription of the local push service, shaped as Chromium's. */
function localSubscription(s: TestPushSubscription): PushSubscription {
  const keys = { p256dh: bytes(s.p256dh), auth: bytes(s.auth) };
  const sub = {
    endpoint: s.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: applicationServerKey?.buffer ?? null },
    getKey: (name: 'p256dh' | 'auth') => keys[name],
    toJSON: () => ({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }),
    unsubscribe: async () => {
      current = null;
      return true;
    },
  };
  return sub as unknown as PushSubscription;
}

async function mount(task: string, userId: string, role: 'customer' | 'observer'): Promise<HTMLElement> {
  const el = document.createElement('embedded-chat');
  el.setAttribute('task', task);
  el.setAttribute('token-url', stack.tokenUrl);
  el.setAttribute('loading', 'eager');
  el.setAttribute('push-worker', '/embedded-chat-sw.js');
  el.setAttribute('participant-token', await stack.participantToken({ task, userId, role }));
  el.style.cssText = 'display:block;width:420px;height:480px';
  const ready = new Promise<void>((resolve) =>
    el.addEventListener('embedded-chat-ready', () => resolve(), { once: true }),
  );
  document.body.append(el);
  elements.push(el);
  await withTimeout(ready, 10_000, `${userId} ready`);
  return el;
}

const pressed = (button: HTMLElement) => button.getAttribute('aria-pressed');

describe('notify me', function () {
  this.timeout(40_000);

  before(async () => {
    await import('../../../widget/define.js');
    stack = await startPushStack([location.origin]);
    await grantNotifications();
    subscription = await stack.subscribe();
    PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
      applicationServerKey = new Uint8Array(options!.applicationServerKey as ArrayBuffer);
      current = localSubscription(subscription);
      return current;
    };
    PushManager.prototype.getSubscription = async () => current;
  });

  afterEach(() => {
    for (const el of elements.splice(0)) el.remove();
  });

  after(async () => {
    PushManager.prototype.subscribe = original.subscribe;
    PushManager.prototype.getSubscription = original.getSubscription;
    const registration = await navigator.serviceWorker.getRegistration('/embedded-chat-sw.js');
    for (const n of (await registration?.getNotifications()) ?? []) n.close();
    await registration?.unregister();
    await stack.stop();
  });

  it('registers this browser for the participant, delivers an agent completion to it, and turns off again', async () => {
    const task = `job:${crypto.randomUUID().slice(0, 8)}`;
    const url = `${location.origin}/jobs/${task}`;
    await stack.createTask({
      task,
      title: 'Summarise 40 reports',
      url,
      participants: [{ userId: 'ann', role: 'customer', name: 'Ann' }],
    });
    const el = await mount(task, 'ann', 'customer');
    const toggle = await findByRole(viewRoot(el), 'button', NOTIFY);
    expect(pressed(toggle)).to.equal('false');
    toggle.click();
    await waitFor(() => pressed(toggle) === 'true', { timeoutMs: 10_000, what: 'notifications on' });

    // The plugin subscribed with ably-local's VAPID key and registered the device under Ann's clientId.
    expect(applicationServerKey).to.have.length(65);
    expect(applicationServerKey![0]).to.equal(4);
    const [device, ...others] = await stack.devices('ann');
    expect(others).to.deep.equal([]);
    expect(device).to.deep.include({ clientId: 'ann', platform: 'browser' });
    expect(device!.push.state).to.equal('ACTIVE');
    expect(atob(device!.push.recipient.targetUrl!)).to.equal(subscription.endpoint);

    // The agent finishes: the backend publishes on notifications:ann with extras.push, ably-local sends
    // Web Push to this device, the local push service decrypts it; delivered to the worker, it shows.
    await stack.agentEvent({ task, userId: 'ann' });
    const [payload] = await waitFor(
      async () => {
        const received = await stack.received(subscription.id);
        return received.length > 0 ? received : undefined;
      },
      { timeoutMs: 10_000, what: 'the push at the push service' },
    );
    expect(payload).to.deep.include({ data: { type: 'agent-complete', task, url } });
    await deliverPush(payload);
    const registration = (await navigator.serviceWorker.getRegistration('/embedded-chat-sw.js'))!;
    const [shown] = await waitFor(
      async () => {
        const list = await registration.getNotifications({ tag: `agent-complete:${task}` });
        return list.length > 0 ? list : undefined;
      },
      { what: 'the notification' },
    );
    expect(shown!.title).to.equal('Your agent has finished');
    expect(shown!.body).to.equal('Summarise 40 reports');
    expect(shown!.data).to.deep.equal({ url, task });

    // Back on the page later: the element remembers notifications are on for Ann in this browser.
    el.remove();
    const again = await mount(task, 'ann', 'customer');
    const toggleAgain = await findByRole(viewRoot(again), 'button', NOTIFY);
    await waitFor(() => pressed(toggleAgain) === 'true', { what: 'the toggle to show on' });
    toggleAgain.click();
    await waitFor(() => pressed(toggleAgain) === 'false', { timeoutMs: 10_000, what: 'notifications off' });
    expect(await stack.devices('ann')).to.deep.equal([]);
    expect(current).to.equal(null);
  });

  it('offers no toggle to an observer, whose role has no push-subscribe', async () => {
    const task = `order:${crypto.randomUUID().slice(0, 8)}`;
    await stack.createTask({
      task,
      title: 'Order',
      participants: [{ userId: 'otto', role: 'observer', name: 'Otto' }],
    });
    const el = await mount(task, 'otto', 'observer');
    await findByRole(viewRoot(el), 'button', /Participants/);
    expect(allByRole(viewRoot(el), 'button', NOTIFY)).to.deep.equal([]);
  });
});
