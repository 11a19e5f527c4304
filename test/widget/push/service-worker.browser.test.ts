/**
 * The service worker embedded-chat ships (`dist/embedded-chat-sw.js`, loaded the way a host loads it:
 * `importScripts` from a worker at the page origin's root), with pushes delivered by Chromium's DevTools
 * protocol as a push service would deliver them. Needs `npm run build`.
 */
import { expect } from 'chai';
import { notificationFor, safeUrl } from '../../../widget/features/push/notification-content.js';
import { after, before, describe, it } from '../../support/browser/mocha-globals.js';
import { deliverPush, fromWorker, grantNotifications } from '../../support/browser/push-stack.js';
import { waitFor } from '../../support/browser/chat-stack.js';

const SCOPE = `${location.origin}/`;

let registration: ServiceWorkerRegistration;

/** What the instrumented worker reports after a click on the notification with `tag`. */
interface ClickReport {
  calls: ({ openWindow: string } | { focus: string } | { refused: string })[];
  left: number;
}

function click(tag: string): Promise<ClickReport> {
  const report = fromWorker<ClickReport>('click-report');
  registration.active!.postMessage({ type: 'click', tag });
  return report;
}

/** The notifications the worker shows now with this tag. */
function shown(tag: string): Promise<Notification[] | undefined> {
  return registration.getNotifications({ tag }).then((list) => (list.length > 0 ? list : undefined));
}

describe('embedded-chat-sw.js', function () {
  this.timeout(20_000);

  before(async () => {
    await grantNotifications();
    registration = await navigator.serviceWorker.register('/push-test-sw.js');
    await waitFor(() => registration.active?.state === 'activated', { what: 'the worker to activate' });
  });

  after(async () => {
    for (const n of await registration.getNotifications()) n.close();
    await registration.unregister();
  });

  it('shows a delivered push as a notification titled by the task, one per task', async () => {
    const url = `${location.origin}/orders/8841`;
    const message = (body: string) => ({
      notification: { title: 'Order 8841', body, collapseKey: 'task:order:8841' },
      data: { type: 'message', task: 'order:8841', url },
    });
    await deliverPush(message('Ann: is it shipped?'));
    const [first] = await waitFor(() => shown('task:order:8841'), { what: 'the notification' });
    expect(first!.title).to.equal('Order 8841');
    expect(first!.body).to.equal('Ann: is it shipped?');
    expect(first!.data).to.deep.equal({ url, task: 'order:8841' });
    await deliverPush(message('Ann: hello?'));
    await waitFor(async () => (await shown('task:order:8841'))?.[0]?.body === 'Ann: hello?', {
      what: 'the update',
    });
    expect(await shown('task:order:8841')).to.have.length(1);
  });

  it('opens the task page on a click when no window shows it, and closes the notification', async () => {
    const url = `${location.origin}/orders/77`;
    await deliverPush({
      notification: { title: 'Order 77', body: 'Sam: sent', collapseKey: 'task:order:77' },
      data: { task: 'order:77', url },
    });
    await waitFor(() => shown('task:order:77'), { what: 'the notification' });
    const report = await click('task:order:77');
    expect(report.calls[0]).to.deep.equal({ openWindow: url });
    // Headless Chromium refuses a window to a synthetic click (no user activation); a person's click opens it.
    expect(report.calls[1]).to.deep.equal({ refused: 'Not allowed to open a window.' });
    expect(report.left).to.equal(0);
  });

  it('focuses a window that already shows the task page instead of opening another', async () => {
    await deliverPush({
      notification: { title: 'Ticket 9', body: 'Dana: done', collapseKey: 'task:ticket-9' },
      data: { task: 'ticket-9', url: `${location.href.split('#')[0]}#latest` },
    });
    await waitFor(() => shown('task:ticket-9'), { what: 'the notification' });
    const report = await click('task:ticket-9');
    expect(report.calls[0]).to.deep.equal({ focus: location.href });
  });

  it('shows something for a push it cannot read and never follows a javascript: link', async () => {
    await deliverPush({ notification: { collapseKey: 'odd' }, data: { url: 'javascript:alert(1)' } });
    const [odd] = await waitFor(() => shown('odd'), { what: 'the fallback notification' });
    expect(odd!.title).to.equal('New activity');
    expect((odd!.data as { url: string }).url).to.equal(SCOPE);
    // The runner's page is `/?wtr-session-id=…`, not the scope itself, so the scope opens in a new window.
    expect((await click('odd')).calls[0]).to.deep.equal({ openWindow: SCOPE });
  });
});

describe('notification content', () => {
  it('reads data from notification.data when the push has no top-level data', () => {
    expect(
      notificationFor({ notification: { title: 'T', data: { url: '/x', task: 't' } } }, 'https://h.example/'),
    ).to.deep.equal({
      title: 'T',
      options: { data: { url: 'https://h.example/x', task: 't' }, tag: 't', renotify: true },
    });
  });

  it('keeps only http(s) links', () => {
    expect(safeUrl('https://a.example/p', 'https://h.example/')).to.equal('https://a.example/p');
    expect(safeUrl('data:text/html,x', 'https://h.example/')).to.equal('https://h.example/');
    expect(safeUrl(42, 'https://h.example/')).to.equal('https://h.example/');
  });
});
