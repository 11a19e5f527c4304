import { expect } from 'chai';
import type { EmbeddedChatUnreadEvent } from '../../../widget/events/unread-event.js';
import { afterEach, before, describe, it } from '../../support/browser/mocha-globals.js';
import { axeViolations, loadAxe } from '../axe.js';
import { chatStack, cleanUp, newTask, viewRoot, waitFor } from '../element-harness.js';
import {
  ANN,
  DANA,
  SAM,
  badge,
  inboxRoot,
  mountInbox,
  rowsOf,
  titles,
  unmountInboxes,
} from './inbox-harness.js';

describe('<embedded-chat-inbox>', function () {
  this.timeout(40_000);
  before(loadAxe);
  afterEach(async () => {
    unmountInboxes();
    await cleanUp();
  });

  it('lists the user’s tasks newest first, and moves a row to the top with its badge when another participant writes', async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike', 'order');
    await newTask(stack, [ANN, SAM], 'Red lamp', 'order');
    await newTask(stack, [DANA, SAM], 'Printer jam', 'ticket');
    const { el, unread } = await mountInbox(stack, SAM);
    expect(titles(await rowsOf(el))).to.deep.equal(['Printer jam', 'Red lamp', 'Blue bike']);
    // Nobody has written yet: each row shows its task's kind, not initials.
    const tiles = (await rowsOf(el)).map((r) => r.querySelector('.avatar')!);
    expect(tiles.map((t) => t.getAttribute('data-kind'))).to.deep.equal(['ticket', 'order', 'order']);
    expect(tiles.map((t) => t.textContent!.trim())).to.deep.equal(['', '', '']);
    const listbox = inboxRoot(el).querySelector('[role="listbox"]')!;
    expect(inboxRoot(el).getElementById(listbox.getAttribute('aria-labelledby')!)?.textContent).to.equal(
      'Conversations',
    );

    await stack.sendAs({ task: bike, userId: 'ann', text: 'Is it   still available?' });
    await stack.sendAs({ task: bike, userId: 'ann', text: 'I can pick it up today' });
    const top = await waitFor(
      async () => {
        const rows = await rowsOf(el);
        return titles(rows)[0] === 'Blue bike' && badge(rows[0]) === '2' ? rows[0] : undefined;
      },
      { what: 'Blue bike on top with 2 unread' },
    );
    expect(top.querySelector('.preview')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Ann Lee: I can pick it up today',
    );
    expect(top.textContent).to.match(/2 unread messages/);
    await waitFor(() => (unread.at(-1)?.total === 2 ? true : undefined), { what: 'unread total 2' });
    expect(unread.at(-1)!.tasks).to.deep.equal([{ task: bike, unread: 2 }]);
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('opens a conversation inline; reading it there clears the row’s badge, the same count the chat fires', async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike', 'order');
    await newTask(stack, [ANN, SAM], 'Red lamp', 'order');
    await stack.seedHistory({ task: bike, userId: 'ann', count: 3, text: 'ping' });
    const { el, unread, selected } = await mountInbox(stack, SAM, {
      width: 900,
      attributes: { open: 'inline' },
    });
    const bikeRow = await waitFor(async () => (await rowsOf(el)).find((r) => badge(r) === '3'), {
      what: 'Blue bike with 3 unread',
    });
    const chatUnread: number[] = [];
    bikeRow.click();
    expect(selected).to.deep.equal([bike]);
    expect(el.getAttribute('selected')).to.equal(bike);
    await waitFor(async () =>
      (await rowsOf(el)).find((r) => r.dataset.task === bike)?.getAttribute('aria-selected') === 'true'
        ? true
        : undefined,
    );
    const chat = await waitFor(() => inboxRoot(el).querySelector('embedded-chat') ?? undefined, {
      what: 'the inline chat',
    });
    chat.addEventListener('embedded-chat-unread', (e) =>
      chatUnread.push((e as EmbeddedChatUnreadEvent).detail.count),
    );
    expect(chat.getAttribute('task')).to.equal(bike);
    // The chat shows the conversation, reads it, and the backend tells the inbox.
    await waitFor(() => (chatUnread.includes(0) ? true : undefined), { what: 'the chat read it' });
    await waitFor(
      async () => (badge((await rowsOf(el)).find((r) => r.dataset.task === bike)) === '' ? true : undefined),
      {
        what: 'the inbox badge cleared',
      },
    );
    await waitFor(() => (unread.at(-1)?.total === 0 ? true : undefined), { what: 'inbox total 0' });
    // The chat opened with the user's stored role (a seller sees the composer).
    expect(viewRoot(chat).querySelector('textarea')).to.not.equal(null);
  });

  it('moves between rows with the arrow keys, Home and End, and selects with Enter', async () => {
    const stack = await chatStack({ inbox: true });
    const tasks = [];
    for (const title of ['One', 'Two', 'Three']) tasks.push(await newTask(stack, [SAM], title));
    const { el, selected } = await mountInbox(stack, SAM);
    const rows = await rowsOf(el);
    expect(rows.map((r) => r.tabIndex)).to.deep.equal([0, -1, -1]);
    rows[0]!.focus();
    const key = (key: string) =>
      (inboxRoot(el).activeElement as HTMLElement).dispatchEvent(
        new KeyboardEvent('keydown', { key, bubbles: true, composed: true }),
      );
    key('ArrowDown');
    expect((inboxRoot(el).activeElement as HTMLElement).textContent).to.contain('Two');
    key('End');
    expect((inboxRoot(el).activeElement as HTMLElement).textContent).to.contain('One');
    key('Home');
    key('ArrowDown');
    key('Enter');
    expect(selected).to.deep.equal([tasks[1]]);
    await waitFor(async () =>
      (await rowsOf(el)).map((r) => r.tabIndex).join() === '-1,0,-1' ? true : undefined,
    );
  });

  it('shows list then conversation with a back button at 320 px', async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
    const { el } = await mountInbox(stack, SAM, { width: 320, attributes: { open: 'inline' } });
    const root = inboxRoot(el);
    const visible = (selector: string) => {
      const node = root.querySelector<HTMLElement>(selector);
      return node !== null && node.getClientRects().length > 0;
    };
    expect(visible('.list')).to.equal(true);
    expect(visible('.pane')).to.equal(false);
    (await rowsOf(el))[0]!.click();
    await waitFor(() => (visible('.pane') && !visible('.list') ? true : undefined), {
      what: 'the conversation',
    });
    expect(root.querySelector('embedded-chat')!.getAttribute('task')).to.equal(bike);
    const back = root.querySelector<HTMLButtonElement>('.back')!;
    expect(back.textContent).to.contain('Back to conversations');
    back.click();
    await waitFor(() => (visible('.list') && !visible('.pane') ? true : undefined), {
      what: 'the list again',
    });
  });

  it('filters to unread conversations and says when there are none', async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
    await newTask(stack, [ANN, SAM], 'Red lamp');
    const { el } = await mountInbox(stack, SAM);
    const filter = inboxRoot(el).querySelector<HTMLButtonElement>('.filter')!;
    expect(filter.getAttribute('aria-pressed')).to.equal('false');
    filter.click();
    await waitFor(() =>
      inboxRoot(el).querySelector('.state')?.textContent?.includes('You are all caught up')
        ? true
        : undefined,
    );
    await stack.sendAs({ task: bike, userId: 'ann', text: 'hello' });
    const rows = await waitFor(async () => {
      const list = inboxRoot(el).querySelector('[role="listbox"]');
      const found = list ? [...list.querySelectorAll<HTMLElement>('[role="option"]')] : [];
      return found.length === 1 ? found : undefined;
    });
    expect(titles(rows)).to.deep.equal(['Blue bike']);
  });
});
