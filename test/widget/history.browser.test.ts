import { expect } from 'chai';
import { afterEach, describe, it } from '../support/browser/mocha-globals.js';
import {
  byRole,
  chatStack,
  cleanUp,
  messageTexts,
  mountChat,
  readConversation,
  newTask,
  typeAndSend,
  viewRoot,
  waitFor,
  waitForText,
  waitUntilOffline,
  type Person,
} from './element-harness.js';

const ANN: Person = { userId: 'ann', role: 'customer', name: 'Ann' };
const DANA: Person = { userId: 'dana', role: 'agent', name: 'Dana' };

const log = (el: HTMLElement) => byRole(viewRoot(el), 'log', 'Messages');

/** The conversation settles on exactly these texts, once each, in this order. */
async function expectExactly(el: HTMLElement, texts: string[]): Promise<void> {
  await waitFor(() => messageTexts(el).length >= texts.length || undefined, {
    what: `${texts.length} messages`,
  });
  const shown = messageTexts(el);
  expect(shown.length, 'messages shown').to.equal(texts.length);
  expect(shown).to.deep.equal(texts);
}

describe('history and continuity', function () {
  this.timeout(40_000);
  afterEach(cleanUp);

  it('pages back through 130 messages keeping the visible message still when older ones are prepended', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, DANA]);
    await stack.seedHistory({ task, userId: 'dana', count: 130, text: 'Message' });
    // Ann has read it all before: her chat does not page back by itself to count what is unread, so every
    // older page below arrives because she scrolled to it.
    const first = await mountChat(stack, task, ANN);
    await waitFor(
      async () =>
        (await stack.readState({ task, userId: 'ann' })).find((m) => m.userId === 'ann')?.serial ?? undefined,
      { what: 'the read marker saved' },
    );
    first.remove();
    const ann = await mountChat(stack, task, ANN);
    const list = log(ann);
    // The latest page, scrolled to the newest message.
    expect(messageTexts(ann).at(-1)).to.equal('Message 130');
    await waitFor(() => list.scrollHeight - list.scrollTop - list.clientHeight < 4 || undefined);

    for (let page = 1; !list.textContent?.includes('Start of the conversation'); page++) {
      expect(page, 'older pages').to.be.lessThan(5);
      // Near the top, short of where older history is fetched: the oldest rows are drawn and still.
      list.scrollTop = 300;
      const anchor = await waitFor(() => firstVisibleRow(list), { what: 'the rows near the top' });
      const key = anchor.dataset.key!;
      // Into the fetch zone: where the anchor is, and where every drawn row sits in the list, taken now,
      // before the page can arrive.
      list.scrollTop = 200;
      const rowOf = () => list.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
      const offset = (row: HTMLElement) => row.getBoundingClientRect().top - list.getBoundingClientRect().top;
      const before = offset(rowOf()!);
      const indices = new Map(
        [...list.querySelectorAll<HTMLElement>('[data-index]')].map((r) => [
          r.dataset.key!,
          Number(r.dataset.index),
        ]),
      );
      // A page prepended moves every row down the list: any row seen before now has a greater index.
      await waitFor(
        () =>
          [...list.querySelectorAll<HTMLElement>('[data-index]')].some(
            (r) => Number(r.dataset.index) > (indices.get(r.dataset.key!) ?? Infinity),
          ) || undefined,
        { what: `older page ${page}` },
      );
      // The row that was on screen is still drawn where it was (it may lose its author line, now grouped).
      const row = rowOf();
      expect(row, 'the row read is still drawn').to.not.equal(null);
      expect(Math.abs(offset(row!) - before), 'the row read moved by').to.be.lessThan(28);
    }
    expect(await readConversation(ann)).to.deep.equal(
      Array.from({ length: 130 }, (_, i) => `Message ${i + 1}`),
    );
  });

  it('loses and doubles nothing when the socket drops mid-conversation and resumes', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, DANA]);
    const ann = await mountChat(stack, task, ANN);
    const dana = await mountChat(stack, task, DANA);
    typeAndSend(ann, 'one');
    await waitForText(dana, 'one');
    // A drop the SDK resumes from by itself.
    expect(await stack.dropConnections()).to.be.greaterThan(0);
    await stack.sendAs({ task, userId: 'ann', text: 'two' });
    await waitForText(dana, 'two', 15_000);
    // A longer outage: the banner says so and offers a retry.
    await stack.blockConnections();
    await waitFor(() => viewRoot(dana).querySelector('[part="banner"]') || undefined, { what: 'banner' });
    for (const text of ['three', 'four']) await stack.sendAs({ task, userId: 'ann', text });
    await Promise.all([waitUntilOffline(dana), waitUntilOffline(ann)]);
    await stack.unblockConnections();
    byRole(viewRoot(dana), 'button', 'Retry').click();
    byRole(viewRoot(ann), 'button', 'Retry').click();
    await waitForText(dana, 'four', 15_000);
    typeAndSend(dana, 'five');
    await waitForText(ann, 'five');
    await waitFor(() => !viewRoot(dana).querySelector('[part="banner"]') || undefined, {
      what: 'banner gone',
    });
    await expectExactly(dana, ['one', 'two', 'three', 'four', 'five']);
    await expectExactly(ann, ['one', 'two', 'three', 'four', 'five']);
  });

  it('refetches and merges without gaps or duplicates after a discontinuity (more missed than ably-local replays)', async () => {
    const stack = await chatStack({
      ablyLocal: { connectionStateTtlMs: 300, presenceLeaveDelayMs: 100 },
      maxReplay: 20,
    });
    const task = await newTask(stack, [ANN, DANA]);
    const dana = await mountChat(stack, task, DANA);
    await stack.seedHistory({ task, userId: 'ann', count: 3, text: 'before' });
    await waitForText(dana, 'before 3');
    await stack.blockConnections();
    // Past the state TTL ably-local forgets the connection (occupancy drops): the resume fails, and 60 missed
    // messages are more than the channel replays (20), so the room reports a discontinuity and history fills
    // the gap. (Fewer would be replayed from the channel serial: no discontinuity at all.)
    await waitFor(async () => (await stack.occupancy({ task })).connections === 0 || undefined, {
      what: 'expiry',
    });
    await stack.seedHistory({ task, userId: 'ann', count: 60, text: 'during' });
    await waitUntilOffline(dana);
    await stack.unblockConnections();
    byRole(viewRoot(dana), 'button', 'Retry').click();
    await waitForText(dana, 'during 60', 20_000);
    expect(await readConversation(dana)).to.deep.equal([
      ...Array.from({ length: 3 }, (_, i) => `before ${i + 1}`),
      ...Array.from({ length: 60 }, (_, i) => `during ${i + 1}`),
    ]);
  });
});

/** The first row whose top is inside the list's visible box. */
function firstVisibleRow(list: HTMLElement): HTMLElement | undefined {
  const box = list.getBoundingClientRect();
  return [...list.querySelectorAll<HTMLElement>('[data-index]')].find((row) => {
    const top = row.getBoundingClientRect().top;
    return top >= box.top - 1 && top < box.bottom;
  });
}
