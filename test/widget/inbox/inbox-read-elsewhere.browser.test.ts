import { expect } from 'chai';
import type { InboxUpdate } from '../../../server/contract/api-contract.js';
import { afterEach, describe, it } from '../../support/browser/mocha-globals.js';
import { chatStack, cleanUp, mountChat, newTask, waitFor } from '../element-harness.js';
import { ANN, SAM, badge, mountInbox, rowsOf, unmountInboxes } from './inbox-harness.js';

const badgeOf = async (el: HTMLElement, task: string) =>
  badge((await rowsOf(el)).find((r) => r.dataset.task === task));

/**
 * Holds the answers of the page's `POST …/api/inbox` requests: each request reaches the backend (its page is read
 * then), but the element gets the answer only once released.
 */
function holdInboxAnswers(): { held: () => number; release: () => void; restore: () => void } {
  const original = window.fetch;
  const waiting: (() => void)[] = [];
  let released = false;
  window.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const answer = await original(input, init);
    if (url.includes('/api/inbox') && !released) await new Promise<void>((resolve) => waiting.push(resolve));
    return answer;
  };
  return {
    held: () => waiting.length,
    release: () => {
      released = true;
      for (const resume of waiting.splice(0)) resume();
    },
    restore: () => (window.fetch = original),
  };
}

describe('<embedded-chat-inbox> read elsewhere', function () {
  this.timeout(40_000);
  let hold: ReturnType<typeof holdInboxAnswers> | undefined;
  afterEach(async () => {
    hold?.restore();
    hold = undefined;
    unmountInboxes();
    await cleanUp();
  });

  it('clears a row’s badge when the same user reads the task in a chat of its own, outside the inbox', async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
    await stack.seedHistory({ task: bike, userId: 'ann', count: 2, text: 'ping' });
    const { el, unread } = await mountInbox(stack, SAM);
    await waitFor(async () => ((await badgeOf(el, bike)) === '2' ? true : undefined), { what: '2 unread' });
    // Another client of Sam's — its own connection and token, as on another device — opens the task and reads it.
    await mountChat(stack, bike, SAM);
    await waitFor(async () => ((await badgeOf(el, bike)) === '' ? true : undefined), {
      what: 'the badge cleared by the read elsewhere',
    });
    await waitFor(() => (unread.at(-1)?.total === 0 ? true : undefined), { what: 'inbox total 0' });
  });

  it('clears the badge when the read marker moves while the first page is in flight (the page predates it)', async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
    await stack.seedHistory({ task: bike, userId: 'ann', count: 2, text: 'ping' });
    hold = holdInboxAnswers();
    const el = document.createElement('embedded-chat-inbox');
    el.setAttribute('token-url', stack.tokenUrl);
    el.getUserToken = () => stack.userToken({ userId: SAM.userId });
    el.style.cssText = 'display:block;width:420px;height:560px';
    const totals: number[] = [];
    el.addEventListener('embedded-chat-inbox-unread', (e) => totals.push(e.detail.total));
    document.body.append(el);
    // The first page was read by the backend (2 unread) and waits on its way to the element.
    await waitFor(() => (hold!.held() > 0 ? true : undefined), { what: 'the first page read and held' });
    await mountChat(stack, bike, SAM);
    // The inbox heard the read on its channel while its page was still on the way (an update with the messages and
    // none unread; the channel's rewind also brings the older ones). Its updates are internal state: reached into
    // here only to be sure the race happened before the page arrives.
    const view = el.shadowRoot!.querySelector('embedded-chat-inbox-view') as unknown as {
      _inbox: { _pending: InboxUpdate[] };
    };
    await waitFor(
      () =>
        view._inbox._pending.some(
          (u) =>
            u.type === 'task' && u.task.task === bike && u.task.unread === 0 && u.task.lastMessage !== null,
        )
          ? true
          : undefined,
      { what: 'the read’s update heard while the page is in flight' },
    );
    hold.release();
    await waitFor(async () => ((await badgeOf(el, bike)) === '' ? true : undefined), {
      what: 'no badge over the older page',
    });
    expect(totals.at(-1)).to.equal(0);
    // The stale page's 2 was never reported on its own: the update was applied over it before the first event.
    expect(totals).to.not.include(2);
    el.remove();
  });
});
