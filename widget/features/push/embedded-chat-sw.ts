import { notificationFor, safeUrl, showsUrl } from './notification-content.js';

/**
 * The service worker embedded-chat ships as `/embedded-chat-sw.js` (its own build, a classic script). It
 * shows each push as a notification (one per task) and, on a click, focuses a window that already shows the
 * task's page or opens it; back on the page the element loads the history. A host re-exports it from its
 * own origin with one line: `importScripts('https://chat.example.com/embedded-chat-sw.js');`.
 *
 * No fetch handler: it never touches the host's requests.
 */

/** The worker-scope types this file uses (the project compiles with the DOM library, not WebWorker). */
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface PushEventLike extends ExtendableEventLike {
  data: { json(): unknown } | null;
}
interface WindowClientLike {
  url: string;
  focus(): Promise<unknown>;
}
interface NotificationClickLike extends ExtendableEventLike {
  notification: { data?: { url?: unknown }; close(): void };
}
interface WorkerScope {
  registration: {
    scope: string;
    showNotification(title: string, options: object): Promise<void>;
  };
  clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
  };
  addEventListener(type: 'push', listener: (event: PushEventLike) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationClickLike) => void): void;
}

const worker = self as unknown as WorkerScope;

worker.addEventListener('push', (event) => {
  let payload: unknown;
  try {
    payload = event.data?.json();
  } catch {
    payload = undefined; // not JSON: still show a notification (userVisibleOnly)
  }
  const { title, options } = notificationFor(payload, worker.registration.scope);
  event.waitUntil(worker.registration.showNotification(title, options));
});

worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = safeUrl(event.notification.data?.url, worker.registration.scope);
  event.waitUntil(
    worker.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => showsUrl(w.url, target));
      return open ? open.focus() : worker.clients.openWindow(target);
    }),
  );
});
