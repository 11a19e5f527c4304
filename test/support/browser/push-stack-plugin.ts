import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestRunnerPlugin } from '@web/test-runner';
import type { PlaywrightLauncher } from '@web/test-runner-playwright';
import {
  PUSH_COMMANDS,
  type DeliverPayload,
  type PushParticipantPayload,
  type PushTaskPayload,
} from './push-stack-commands.js';
import { withTimeout } from '../with-timeout.js';
import { PushStackServer } from './push-stack-server.js';

const PUSH_UMD = fileURLToPath(new URL('../../../node_modules/ably/build/push.js', import.meta.url));

/**
 * Tells the page each push the worker heard (`push-heard`, with the push's text), so `deliverPush` can tell a
 * push DevTools never delivered from one embedded-chat's handler did not show. It only posts messages.
 */
const HEARD = `
self.addEventListener('push', (event) => {
  const text = event.data ? event.data.text() : null;
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
    for (const w of windows) w.postMessage({ type: 'push-heard', text });
  }));
});
`;

/**
 * A host page's service worker: the one line the README tells hosts to serve from their own origin, here
 * importing the built worker from this repository's `dist/` (same origin in the runner), and `HEARD`.
 */
const HOST_WORKER = `importScripts('/dist/embedded-chat-sw.js');\n${HEARD}`;

/**
 * The same worker, instrumented: a click on a notification is an event only the browser can make trusted
 * (headless Chromium has no notification UI to click), so the test asks the worker to dispatch one and
 * hears back what embedded-chat's handler did — which window it focused or opened — and whether the
 * browser let it (a synthetic click carries no user activation, so Chromium refuses to open a window).
 */
const TEST_WORKER = `${HOST_WORKER}
const calls = [];
const openWindow = Clients.prototype.openWindow;
Clients.prototype.openWindow = function (url) {
  calls.push({ openWindow: url });
  return openWindow.call(this, url).catch((err) => (calls.push({ refused: err.message }), null));
};
const focus = WindowClient.prototype.focus;
WindowClient.prototype.focus = function () {
  calls.push({ focus: this.url });
  return focus.call(this).catch((err) => (calls.push({ refused: err.message }), this));
};
self.addEventListener('message', (event) => {
  if (!event.data || event.data.type !== 'click') return;
  event.waitUntil((async () => {
    const [notification] = await self.registration.getNotifications({ tag: event.data.tag });
    calls.length = 0;
    const pending = [];
    const click = new NotificationEvent('notificationclick', { notification });
    Object.defineProperty(click, 'waitUntil', { value: (promise) => pending.push(promise) });
    self.dispatchEvent(click);
    await Promise.allSettled(pending);
    const left = (await self.registration.getNotifications({ tag: event.data.tag })).length;
    event.source.postMessage({ type: 'click-report', calls: calls.slice(), left });
  })());
});
`;

/** A host worker whose installation fails, which the element must report rather than wait for. */
const FAILING_WORKER = '/failing-install-sw.js';
const FAILING = `${HOST_WORKER}
self.addEventListener('install', (event) => event.waitUntil(Promise.reject(new Error('install refused'))));
`;

/**
 * The browser push tests' server side: push stacks (`push-stack-server.ts`), the notification permission and
 * push delivery over the DevTools protocol (`ServiceWorker.deliverPushMessage`), the service workers above
 * (the host's and the instrumented one at the page origin's root, scope `/` as on a host, and the failing
 * one), and `ably/push` as an ES module (its build is UMD; vite bundles it for `dist/`, the runner
 * needs this wrapper).
 */
export function pushStackPlugin(): TestRunnerPlugin {
  const stacks = new Map<string, PushStackServer>();
  const stack = (id: string) => {
    const found = stacks.get(id);
    if (!found) throw new Error(`unable to find push stack; unknown id ${id}`);
    return found;
  };

  return {
    name: 'push-stack',
    resolveImport({ source }) {
      return source === 'ably/push' ? '/__ably-push.js' : undefined;
    },
    serve(context) {
      if (context.path === '/embedded-chat-sw.js') return { body: HOST_WORKER, type: 'js' };
      if (context.path === FAILING_WORKER) return { body: FAILING, type: 'js' };
      if (context.path === '/push-test-sw.js') return { body: TEST_WORKER, type: 'js' };
      if (context.path === '/__ably-push.js') {
        const umd = readFileSync(PUSH_UMD, 'utf8');
        const body = `import { ulid } from 'ulid';
const require = () => ({ ulid });
const module = { exports: {} };
const exports = module.exports;
${umd}
export default module.exports;
`;
        return { body, type: 'js' };
      }
      return undefined;
    },
    async executeCommand({ command, payload, session }) {
      const p = payload as Record<string, unknown>;
      switch (command) {
        case PUSH_COMMANDS.start: {
          const id = randomUUID();
          const started = await PushStackServer.start(id, (p?.allowedOrigins as string[]) ?? []);
          stacks.set(id, started);
          return started.info;
        }
        case PUSH_COMMANDS.stop: {
          const found = stacks.get(p.id as string);
          stacks.delete(p.id as string);
          await found?.stop();
          return true;
        }
        case PUSH_COMMANDS.createTask:
          return stack(p.id as string).createTask(payload as PushTaskPayload);
        case PUSH_COMMANDS.participantToken:
          return stack(p.id as string).participantToken(payload as PushParticipantPayload);
        case PUSH_COMMANDS.subscribe:
          return stack(p.id as string).subscribe();
        case PUSH_COMMANDS.received:
          return stack(p.id as string).received(p.subscriptionId as string);
        case PUSH_COMMANDS.devices:
          return stack(p.id as string).devices(p.clientId as string);
        case PUSH_COMMANDS.agentEvent:
          return stack(p.id as string).agentEvent(payload as { task: string; userId: string });
        case PUSH_COMMANDS.grantNotifications: {
          const page = (session.browser as PlaywrightLauncher).getPage(session.id);
          await page.context().grantPermissions(['notifications'], { origin: p.origin as string });
          return true;
        }
        case PUSH_COMMANDS.deliver:
          return deliver(session.browser as PlaywrightLauncher, session.id, payload as DeliverPayload);
        default:
          return undefined; // not ours
      }
    },
    async serverStop() {
      await Promise.all([...stacks.values()].map((s) => s.stop()));
      stacks.clear();
    },
  };
}

/** Each DevTools step of a delivery; the page's bound on the whole command is longer. */
const STEP_MS = 4_000;

/** Delivers a push to the page's service worker of `scope`, as a push service would (no push service). */
async function deliver(
  browser: PlaywrightLauncher,
  sessionId: string,
  { scope, script, data }: DeliverPayload,
): Promise<true> {
  const page = browser.getPage(sessionId);
  const cdp = await withTimeout(page.context().newCDPSession(page), STEP_MS, 'a DevTools session');
  try {
    // The live registration of `scope` whose activated worker runs the page's script: DevTools can also list
    // a registration of the same scope that is being removed, and a push sent there is lost.
    const registration = new Promise<string>((resolve, reject) => {
      const live = new Set<string>();
      const running = new Set<string>();
      const timer = setTimeout(
        () => reject(new Error(`unable to deliver a push; no activated worker ${script ?? ''} at ${scope}`)),
        STEP_MS * 2,
      );
      const settle = () => {
        const id = [...running].reverse().find((r) => live.has(r));
        if (id === undefined) return;
        clearTimeout(timer);
        resolve(id);
      };
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        for (const r of registrations) {
          if (r.scopeURL !== scope) continue;
          if (r.isDeleted) live.delete(r.registrationId);
          else live.add(r.registrationId);
        }
        settle();
      });
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        for (const v of versions) {
          if (v.status === 'activated' && (script === undefined || v.scriptURL === script)) {
            running.add(v.registrationId);
          } else if (v.status === 'redundant') running.delete(v.registrationId);
        }
        settle();
      });
    });
    await withTimeout(cdp.send('ServiceWorker.enable'), STEP_MS, 'DevTools to enable ServiceWorker');
    const registrationId = await registration;
    await withTimeout(
      cdp.send('ServiceWorker.deliverPushMessage', {
        origin: new URL(scope).origin,
        registrationId,
        data: JSON.stringify(data),
      }),
      STEP_MS,
      'DevTools to deliver the push',
    );
    return true;
  } finally {
    // The push is delivered (or the delivery has failed with its reason); a session left attached goes
    // with the page.
    await withTimeout(cdp.detach(), STEP_MS, 'DevTools to detach').catch(() => undefined);
  }
}
