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
 *
 * Every wait is bounded and names what it waited for (server commands in `push-stack.ts`, polls with
 * `waitFor`, browser calls with `withTimeout`), so a step that never completes fails as itself, long before
 * the runner gives up on the file.
 */
import { expect } from 'chai';
import type { EmbeddedChatErrorEvent } from '../../../widget/events/error-event.js';
import { after, afterEach, before, describe, it } from '../../support/browser/mocha-globals.js';
import {
  deliverPush,
  grantNotifications,
  startPushStack,
  type PushStack,
  type TestPushSubscription,
} from '../../support/browser/push-stack.js';
import { allByRole, findByRole, nextEvent, viewRoot, waitFor, withTimeout } from '../element-harness.js';

const NOTIFY = 'Notify me when I am away';
/** How long the toggle may take to turn on or off (a service worker installs, a device registers). */
const TOGGLE_MS = 10_000;
/** A browser call that answers at once unless something is stuck. */
const CALL_MS = 5_000;
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

async function mount(
  taskId: string,
  userId: string,
  role: Person['role'],
  worker = '/embedded-chat-sw.js',
): Promise<HTMLElement> {
  const el = document.createElement('embedded-chat');
  el.setAttribute('task', taskId);
  el.setAttribute('token-url', stack.tokenUrl);
  el.setAttribute('loading', 'eager');
  el.setAttribute('push-worker', worker);
  el.setAttribute('participant-token', await stack.participantToken({ task: taskId, userId, role }));
  el.style.cssText = 'display:block;width:420px;height:480px';
  const ready = nextEvent(el, 'embedded-chat-ready');
  document.body.append(el);
  elements.push(el);
  await withTimeout(ready, 10_000, `${userId} ready`);
  return el;
}

const pressed = (button: HTMLElement) => button.getAttribute('aria-pressed');

/** Holds this page's requests that `match` until `release()`; `arrived` resolves when the first is made. */
function hold(match: (url: string, method: string) => boolean) {
  const fetch = window.fetch;
  let release!: () => void;
  let arrive!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  window.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (match(url, (init?.method ?? 'GET').toUpperCase())) {
      arrive();
      await released;
    }
    return fetch(input, init);
  };
  return {
    arrived,
    release: () => {
      window.fetch = fetch;
      release();
    },
  };
}

/** The registration of this page's worker at `url`, which the element's toggle registered. */
async function registrationOf(url: string): Promise<ServiceWorkerRegistration> {
  const registration = await withTimeout(
    navigator.serviceWorker.getRegistration(url),
    CALL_MS,
    `the registration of ${url}`,
  );
  if (!registration) throw new Error(`no service worker registration for ${url}`);
  return registration;
}

type Person = { userId: string; role: 'customer' | 'observer' };

/** A new task of these participants. */
async function task(prefix: string, people: Person[], url?: string): Promise<string> {
  const id = `${prefix}:${crypto.randomUUID().slice(0, 8)}`;
  await stack.createTask({
    task: id,
    title: 'Summarise 40 reports',
    ...(url ? { url } : {}),
    participants: people.map((p) => ({ ...p, name: p.userId })),
  });
  return id;
}

const ANN: Person = { userId: 'ann', role: 'customer' };
const OTTO: Person = { userId: 'otto', role: 'observer' };
// Devices stay registered in ably-local between tests: a test that might register one has its own person.
const CID: Person = { userId: 'cid', role: 'customer' };

describe('notify me', function () {
  // The longest test runs its steps in about 3 s; each step fails on its own bound (at most 15 s).
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

  // Each test starts from a browser that never turned notifications on: no worker, no device, no marker.
  afterEach(async () => {
    for (const el of elements.splice(0)) el.remove();
    const registrations = await withTimeout(
      navigator.serviceWorker.getRegistrations(),
      CALL_MS,
      'the registrations',
    );
    for (const registration of registrations) {
      for (const n of await withTimeout(registration.getNotifications(), CALL_MS, 'the notifications')) {
        n.close();
      }
      await withTimeout(registration.unregister(), CALL_MS, `unregistering ${registration.scope}`);
    }
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith('ably.push.') || key === 'embedded-chat:push') localStorage.removeItem(key);
    }
    current = null;
  });

  after(async () => {
    PushManager.prototype.subscribe = original.subscribe;
    PushManager.prototype.getSubscription = original.getSubscription;
    await stack?.stop();
  });

  it('registers this browser for the participant, delivers an agent completion to it, and turns off again', async () => {
    const url = `${location.origin}/jobs/1`;
    const job = await task('job', [ANN], url);
    const el = await mount(job, 'ann', 'customer');
    const toggle = await findByRole(viewRoot(el), 'button', NOTIFY);
    expect(pressed(toggle)).to.equal('false');
    toggle.click();
    await waitFor(() => pressed(toggle) === 'true', { timeoutMs: TOGGLE_MS, what: 'notifications on' });

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
    await stack.agentEvent({ task: job, userId: 'ann' });
    const [payload] = await waitFor(
      async () => {
        const received = await stack.received(subscription.id);
        return received.length > 0 ? received : undefined;
      },
      { timeoutMs: 10_000, what: 'the push at the push service' },
    );
    expect(payload).to.deep.include({ data: { type: 'agent-complete', task: job, url } });
    await deliverPush(payload);
    const registration = await registrationOf('/embedded-chat-sw.js');
    const [shown] = await waitFor(
      async () => {
        const list = await registration.getNotifications({ tag: `agent-complete:${job}` });
        return list.length > 0 ? list : undefined;
      },
      { what: 'the notification' },
    );
    expect(shown!.title).to.equal('Your agent has finished');
    expect(shown!.body).to.equal('Summarise 40 reports');
    expect(shown!.data).to.deep.equal({ url, task: job });

    // Back on the page later: the element remembers notifications are on for Ann in this browser.
    el.remove();
    const again = await mount(job, 'ann', 'customer');
    const toggleAgain = await findByRole(viewRoot(again), 'button', NOTIFY);
    await waitFor(() => pressed(toggleAgain) === 'true', { what: 'the toggle to show on' });
    // Off means off: while this browser's device is still registered (its deregistration held here), the
    // toggle says on; it says off once the registration is gone.
    const deregistration = hold(
      (url, method) => method === 'DELETE' && new URL(url).pathname === '/push/deviceRegistrations',
    );
    try {
      toggleAgain.click();
      await withTimeout(deregistration.arrived, TOGGLE_MS, 'the device deregistration');
      expect(pressed(toggleAgain)).to.equal('true');
    } finally {
      deregistration.release();
    }
    await waitFor(() => pressed(toggleAgain) === 'false', {
      timeoutMs: TOGGLE_MS,
      what: 'notifications off',
    });
    expect(await stack.devices('ann')).to.deep.equal([]);
    expect(current).to.equal(null);
  });

  it('says why it cannot turn on when the worker fails to install, and is off again', async () => {
    const job = await task('job', [CID]);
    const el = await mount(job, 'cid', 'customer', '/failing-install-sw.js');
    const toggle = await findByRole(viewRoot(el), 'button', NOTIFY);
    const failed = nextEvent<EmbeddedChatErrorEvent>(el, 'embedded-chat-error');
    toggle.click();
    const { detail } = await withTimeout(failed, TOGGLE_MS, 'the error event');
    expect(detail.message).to.equal(
      'unable to turn notifications on; the service worker /failing-install-sw.js did not install',
    );
    await waitFor(() => toggle.getAttribute('aria-busy') === 'false', { what: 'the toggle to settle' });
    expect(pressed(toggle)).to.equal('false');
    expect(await stack.devices('cid')).to.deep.equal([]);
  });

  it('offers no toggle to an observer, whose role has no push-subscribe', async () => {
    const order = await task('order', [OTTO, ANN]);
    const otto = await mount(order, 'otto', 'observer');
    // The element decides after asking the browser for its worker and subscription. A customer's element,
    // started after Otto's, shows its toggle once that decision is made: by then Otto's is made too.
    const ann = await mount(order, 'ann', 'customer');
    await findByRole(viewRoot(ann), 'button', NOTIFY);
    expect(allByRole(viewRoot(otto), 'button', NOTIFY)).to.deep.equal([]);
    await findByRole(viewRoot(otto), 'button', /Participants/);
  });
});
