import { expect } from 'chai';
import type { EmbeddedChatUnreadEvent } from '../../widget/events/unread-event.js';
import { afterEach, describe, it } from '../support/browser/mocha-globals.js';
import {
  chatStack,
  cleanUp,
  mountChat,
  plain,
  newTask,
  typeAndSend,
  viewRoot,
  waitFor,
  waitForText,
  type Person,
} from './element-harness.js';

const ANN: Person = { userId: 'ann', role: 'customer', name: 'Ann Lee' };
const DANA: Person = { userId: 'dana', role: 'agent', name: 'Dana Ortiz' };

/** Records every `embedded-chat-unread` count the element fires. */
function unreadCounts(el: HTMLElement): number[] {
  const counts: number[] = [];
  el.addEventListener('embedded-chat-unread', (e) =>
    counts.push((e as EmbeddedChatUnreadEvent).detail.count),
  );
  return counts;
}

/** A box outside the viewport: the element is on the page but nobody can see it (a closed popover). */
function offscreen(): HTMLElement {
  const box = document.createElement('div');
  box.style.cssText = 'position:absolute;top:-5000px;left:0';
  document.body.append(box);
  return box;
}

describe('read state', function () {
  this.timeout(40_000);
  afterEach(async () => {
    await cleanUp();
    document.querySelectorAll('body > div').forEach((d) => d.remove());
  });

  it('counts unread messages while unseen, clears them when seen, and keeps that across a reload', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, DANA]);
    await stack.seedHistory({ task, userId: 'dana', count: 3, text: 'ping' });

    // On the page but off screen: nothing is read; the host hears the count.
    const box = offscreen();
    const hidden = document.createElement('div');
    box.append(hidden);
    let counts: number[] = [];
    const first = await mountChat(stack, task, ANN, {
      parent: hidden,
      beforeMount: (el) => (counts = unreadCounts(el)),
    });
    await waitFor(() => counts.at(-1) === 3 || undefined, { what: 'unread 3' });
    await stack.sendAs({ task, userId: 'dana', text: 'are you there?' });
    await waitFor(() => counts.at(-1) === 4 || undefined, { what: 'unread 4' });

    // Brought into view (the popover opens): read up to the newest message, saved in the backend.
    document.body.append(first);
    await waitFor(() => counts.at(-1) === 0 || undefined, { what: 'unread 0' });
    await waitFor(async () => {
      const markers = await stack.readState({ task, userId: 'ann' });
      return markers.find((m) => m.userId === 'ann')?.serial ? true : undefined;
    });

    // A reload (a new element, same participant): still nothing unread; one new message counts once.
    first.remove();
    await stack.sendAs({ task, userId: 'dana', text: 'one more' });
    let countsAgain: number[] = [];
    await mountChat(stack, task, ANN, {
      parent: offscreen(),
      beforeMount: (el) => (countsAgain = unreadCounts(el)),
    });
    await waitFor(() => countsAgain.at(-1) === 1 || undefined, { what: 'unread 1 after reload' });
  });

  it('shows "Seen by" under the latest own message once the other person has read it, live', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, DANA]);
    const dana = await mountChat(stack, task, DANA);
    typeAndSend(dana, 'Your refund is on its way.');
    await waitForText(dana, 'Your refund is on its way.');
    expect(viewRoot(dana).textContent).not.to.include('Seen by');
    await mountChat(stack, task, ANN);
    await waitFor(() => plain(viewRoot(dana).textContent).includes('Seen by Ann Lee') || undefined, {
      what: 'seen by',
    });
  });
});
