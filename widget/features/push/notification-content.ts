/**
 * What the service worker shows for a push and where a click goes (docs/architecture.md §4). Pure, so the browser tests
 * can check it directly; `embedded-chat-sw.ts` wires it to the worker's events.
 */

/** The notification to show: `showNotification(title, options)`. */
export interface ShownNotification {
  title: string;
  options: {
    body?: string;
    icon?: string;
    tag?: string;
    renotify?: boolean;
    data: { url: string; task?: string };
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** An http(s) URL resolved against `base`, or `base` itself for anything else (no `javascript:` links). */
export function safeUrl(value: unknown, base: string): string {
  if (typeof value !== 'string') return base;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : base;
  } catch {
    return base;
  }
}

/**
 * The notification for an Ably Web Push body `{notification: {title, body, icon, collapseKey}, data: {task,
 * url}}` (ably-local's, and Ably's, server/ably-local/DESIGN.md §13.4). One notification per task (`tag` = the collapse key, or the
 * task); a click opens `data.url`, else the worker's scope. Anything unreadable still shows something:
 * a push with `userVisibleOnly` must always be shown.
 */
export function notificationFor(payload: unknown, scope: string): ShownNotification {
  const body = isObject(payload) ? payload : {};
  const notification = isObject(body.notification) ? body.notification : {};
  const data = isObject(body.data) ? body.data : isObject(notification.data) ? notification.data : {};
  const tag = text(notification.collapseKey) ?? text(data.task);
  const options: ShownNotification['options'] = { data: { url: safeUrl(data.url, scope) } };
  const task = text(data.task);
  if (task) options.data.task = task;
  const message = text(notification.body);
  if (message) options.body = message;
  if (text(notification.icon)) options.icon = safeUrl(notification.icon, scope);
  if (tag) {
    options.tag = tag;
    options.renotify = true;
  }
  return { title: text(notification.title) ?? 'New activity', options };
}

/** Whether an open window shows `target`: same URL apart from the fragment. */
export function showsUrl(clientUrl: string, target: string): boolean {
  return clientUrl.split('#')[0] === target.split('#')[0];
}
