import { sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import { afterEach, describe, it } from '../../../support/browser/mocha-globals.js';
import {
  byRole,
  chatStack,
  cleanUp,
  messageTexts,
  mountChat,
  newTask,
  readConversation,
  scrollThrough,
  viewRoot,
  waitFor,
  waitForText,
  type ChatStack,
  type Person,
} from '../../element-harness.js';

const ANN: Person = { userId: 'ann', role: 'customer', name: 'Ann' };
const DANA: Person = { userId: 'dana', role: 'agent', name: 'Dana' };

const log = (el: HTMLElement) => byRole(viewRoot(el), 'log', 'Messages');
const drawnRows = (el: HTMLElement) => [...log(el).querySelectorAll<HTMLElement>('[data-index]')];
const textOf = (row: Element | null | undefined) =>
  row?.querySelector('[part="bubble"]')?.textContent?.trim();

/** Scrolls to the top until the whole history is loaded ("Start of the conversation"). */
async function pageBackToStart(el: HTMLElement): Promise<void> {
  const list = log(el);
  await waitFor(
    () => {
      if (list.textContent?.includes('Start of the conversation')) return true;
      list.scrollTop = 0;
      return undefined;
    },
    { timeoutMs: 60_000, what: 'the start of the conversation' },
  );
}

/** Messages seeded per server command, so each stays well inside the runner's command timeout. */
const SEED_CHUNK = 500;

async function conversation(count: number): Promise<{ stack: ChatStack; task: string; ann: HTMLElement }> {
  const stack = await chatStack({ restWriteRate: 100_000 });
  const task = await newTask(stack, [ANN, DANA]);
  if (count <= SEED_CHUNK) {
    await stack.seedHistory({ task, userId: 'dana', count, text: 'Message' });
  } else {
    // Chunks sent side by side (their order among each other does not matter here), the newest last, alone.
    const chunks = Math.ceil((count - 1) / SEED_CHUNK);
    await Promise.all(
      Array.from({ length: chunks }, (_, i) =>
        stack.seedHistory({
          task,
          userId: 'dana',
          count: Math.min(SEED_CHUNK, count - 1 - i * SEED_CHUNK),
          text: `Part ${i + 1} message`,
        }),
      ),
    );
    await stack.sendAs({ task, userId: 'dana', text: `Message ${count}` });
  }
  const ann = await mountChat(stack, task, ANN);
  return { stack, task, ann };
}

interface FirstRender {
  /** The rest of the chat (its participants button) had loaded when the newest message first showed. */
  extrasLoaded: boolean;
  rows: number;
  /** The list's visible height, and how far its drawn rows reach above the newest's bottom. */
  listHeight: number;
  rowsHeight: number;
  /** The newest row's bottom is inside the list's box. */
  newestInView: boolean;
}

/**
 * Mounts Ann's chat and measures the render that first shows `newest`, as it happens (a MutationObserver on the
 * view's shadow root, set up when the view joins the element): before the windowing, which comes with the chunk
 * loaded after the first paint, has drawn anything.
 */
async function firstRender(stack: ChatStack, task: string, newest: string, style = ''): Promise<FirstRender> {
  let resolve!: (value: FirstRender) => void;
  const measured = new Promise<FirstRender>((r) => (resolve = r));
  const watch = (root: ShadowRoot) => {
    const observer = new MutationObserver(() => {
      const rows = [...root.querySelectorAll<HTMLElement>('[role="log"] [data-index]')];
      const newestRow = rows.find((row) => textOf(row) === newest);
      if (!newestRow) return;
      observer.disconnect();
      const list = root.querySelector<HTMLElement>('[role="log"]')!.getBoundingClientRect();
      const bottom = newestRow.getBoundingClientRect().bottom;
      resolve({
        extrasLoaded: root.querySelector('header button[aria-haspopup="dialog"]') !== null,
        rows: rows.length,
        listHeight: list.height,
        rowsHeight: bottom - rows[0]!.getBoundingClientRect().top,
        newestInView: bottom <= list.bottom + 1 && bottom > list.top,
      });
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
  };
  // Returned as soon as it is on the page: the view arrives later, with its chunk.
  const el = await mountChat(stack, task, ANN, {
    ready: false,
    beforeMount: (e) => (e.style.cssText += style),
  });
  new MutationObserver((_, self) => {
    const view = el.shadowRoot?.querySelector('embedded-chat-view');
    if (!view?.shadowRoot) return;
    self.disconnect();
    watch(view.shadowRoot);
  }).observe(el.shadowRoot!, { childList: true });
  const first = await measured;
  el.remove();
  return first;
}

describe('the windowed message list', function () {
  this.timeout(120_000);
  afterEach(cleanUp);

  it('fills the list with the newest messages in the first render, before the windowing has loaded', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, DANA]);
    await stack.seedHistory({ task, userId: 'dana', count: 60, text: 'Message' });
    // The default size, then a host's smaller font (shorter rows: the first render draws two spare rows for it).
    for (const style of ['', '--embedded-chat-font-size:11px']) {
      const first = await firstRender(stack, task, 'Message 60', style);
      expect(
        first.extrasLoaded,
        `measured before the rest of the chat loaded (${style || 'default'})`,
      ).to.equal(false);
      expect(first.newestInView, `the newest message in view (${style || 'default'})`).to.equal(true);
      expect(first.rowsHeight, `rows reach the list's top (${style || 'default'})`).to.be.at.least(
        first.listHeight,
      );
      // Only about what fills the list: not the whole first page of history.
      expect(first.rows, `rows drawn (${style || 'default'})`).to.be.below(30);
    }
  });

  it('keeps the DOM of a short conversation while 5,000 messages are loaded, and shows a new one at once', async () => {
    const { stack, task, ann } = await conversation(5000);
    await pageBackToStart(ann);
    const root = viewRoot(ann);
    // Everything loaded, a window drawn: the shadow tree stays small.
    expect(drawnRows(ann).length, 'rows drawn').to.be.lessThan(80);
    expect(root.querySelectorAll('*').length, 'elements in the chat').to.be.lessThan(1500);
    // Back at the newest message, one more arrives and is drawn where the reader is.
    byRole(root, 'button', /new message|Jump to latest/).click();
    await waitFor(() => textOf(drawnRows(ann).at(-1)) === 'Message 5000' || undefined, {
      what: 'the newest row',
    });
    await stack.sendAs({ task, userId: 'dana', text: 'number 5001' });
    await waitForText(ann, 'number 5001');
    const list = log(ann);
    await waitFor(() => list.scrollHeight - list.scrollTop - list.clientHeight < 4 || undefined, {
      what: 'the list at its newest message',
    });
    expect(drawnRows(ann).length, 'rows drawn after the arrival').to.be.lessThan(80);
  });

  it('leaves nothing behind as rows leave the window, however often the reader scrolls through', async () => {
    const { ann } = await conversation(300);
    await pageBackToStart(ann);
    const list = log(ann);
    // Every node under the list, comments (Lit's part markers) included.
    const nodes = () => list.ownerDocument.createTreeWalker(list, NodeFilter.SHOW_ALL);
    const count = () => {
      let n = 0;
      for (const walker = nodes(); walker.nextNode();) n++;
      return n;
    };
    await scrollThrough(ann, () => undefined);
    const afterOnePass = count();
    for (let pass = 0; pass < 3; pass++) await scrollThrough(ann, () => undefined);
    // The same rows are drawn at the end of each pass; a row dropped must take all its nodes with it.
    expect(count(), 'nodes under the list after three more passes').to.be.at.most(afterOnePass + 10);
  });

  it('reads every message once, in order, by scrolling through a long conversation', async () => {
    const { ann } = await conversation(400);
    await pageBackToStart(ann);
    expect(await readConversation(ann)).to.deep.equal(
      Array.from({ length: 400 }, (_, i) => `Message ${i + 1}`),
    );
  });

  it('moves the keyboard across the window: Home to the oldest loaded message, End to the newest, arrows step by step', async () => {
    const { ann } = await conversation(50);
    const root = viewRoot(ann);
    const focused = () => root.activeElement?.closest<HTMLElement>('[data-index]');
    drawnRows(ann).at(-1)!.querySelector('article')!.focus();
    expect(textOf(focused())).to.equal('Message 50');
    await sendKeys({ press: 'Home' });
    // The oldest loaded row was not drawn at the bottom of a 50-message conversation; Home draws and focuses it.
    await waitFor(() => textOf(focused()) === 'Message 1' || undefined, {
      what: 'Home on the first message',
    });
    for (let i = 0; i < 30; i++) await sendKeys({ press: 'ArrowDown' });
    await waitFor(() => textOf(focused()) === 'Message 31' || undefined, { what: 'thirty rows down' });
    await sendKeys({ press: 'End' });
    await waitFor(() => textOf(focused()) === 'Message 50' || undefined, {
      what: 'End on the newest message',
    });
    // One tab stop in the list, wherever the window is.
    expect(drawnRows(ann).filter((row) => row.querySelector('article')?.tabIndex === 0)).to.have.length(1);
  });

  it('tells screen readers of new messages only, not of rows drawn by scrolling', async () => {
    const { stack, task, ann } = await conversation(120);
    const root = viewRoot(ann);
    const list = log(ann);
    expect(list.getAttribute('aria-live'), 'the list itself').to.equal('off');
    const status = () => root.querySelector('[role="status"][aria-live="polite"]')?.textContent?.trim() ?? '';
    await stack.sendAs({ task, userId: 'dana', text: 'are you there?' });
    await waitFor(() => status() === 'Dana: are you there?' || undefined, { what: 'the announcement' });
    // Scrolling up draws older rows and loads an older page: nothing new is said.
    await pageBackToStart(ann);
    expect(status()).to.equal('Dana: are you there?');
    // The same words again are a new message, and said again.
    const before = root.querySelector('[role="status"] p');
    await stack.sendAs({ task, userId: 'dana', text: 'are you there?' });
    await waitFor(() => root.querySelector('[role="status"] p') !== before || undefined, {
      what: 'a second announcement',
    });
    expect(status()).to.equal('Dana: are you there?');
  });

  it('offers the new messages while the reader is scrolled up, without moving what they read', async () => {
    const { stack, task, ann } = await conversation(60);
    const list = log(ann);
    list.scrollTop = 400;
    const anchor = await waitFor(() => {
      const box = list.getBoundingClientRect();
      return drawnRows(ann).find((row) => {
        const top = row.getBoundingClientRect().top;
        return top >= box.top && top < box.bottom;
      });
    });
    const offset = () => anchor.getBoundingClientRect().top - list.getBoundingClientRect().top;
    const before = offset();
    await stack.sendAs({ task, userId: 'dana', text: 'one new' });
    const jump = await waitFor(
      () => viewRoot(ann).querySelector<HTMLButtonElement>('button.jump[data-action="jump"]') ?? undefined,
      { what: 'the new messages button' },
    );
    await waitFor(() => jump.textContent?.includes('1 new message') || undefined, { what: '1 new message' });
    expect(Math.abs(offset() - before), 'the row read moved by').to.be.lessThan(2);
    jump.click();
    await waitFor(() => messageTexts(ann).at(-1) === 'one new' || undefined, { what: 'the newest row' });
    await waitFor(() => list.scrollHeight - list.scrollTop - list.clientHeight < 4 || undefined, {
      what: 'the list at its newest message',
    });
    await waitFor(() => !viewRoot(ann).querySelector('button.jump') || undefined, {
      what: 'the button gone',
    });
  });
});
