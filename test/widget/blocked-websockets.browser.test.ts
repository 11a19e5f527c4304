import { expect } from 'chai';
import { afterEach, describe, it } from '../support/browser/mocha-globals.js';
import {
  byRole,
  chatStack,
  cleanUp,
  mountChat,
  readConversation,
  newTask,
  typeAndSend,
  viewRoot,
  waitFor,
  waitForText,
  waitUntilOffline,
  type ChatStack,
  type Person,
} from './element-harness.js';

const ANN: Person = { userId: 'ann', role: 'customer', name: 'Ann' };
const DANA: Person = { userId: 'dana', role: 'agent', name: 'Dana' };

/** The conversation settles on exactly these texts, once each, in this order. */
async function expectExactly(el: HTMLElement, texts: string[]): Promise<void> {
  await waitForText(el, texts.at(-1)!);
  expect(await readConversation(el)).to.deep.equal(texts);
}

/** An outage long enough for the SDK to notice (the banner shows), then Retry: a real reconnect. */
async function outage(stack: ChatStack, elements: HTMLElement[], during?: () => Promise<void>) {
  await stack.blockConnections();
  for (const el of elements) {
    await waitFor(() => viewRoot(el).querySelector('[part="banner"]') || undefined, { what: 'banner' });
  }
  await during?.();
  await Promise.all(elements.map((el) => waitUntilOffline(el)));
  await stack.unblockConnections();
  for (const el of elements) byRole(viewRoot(el), 'button', 'Retry').click();
}

describe('the element behind a proxy that refuses WebSockets', function () {
  this.timeout(60_000);
  afterEach(cleanUp);

  it('chats over long polling, loses nothing when polls drop, and moves back to WebSockets', async () => {
    const stack = await chatStack({ refuseWebSockets: true });
    const task = await newTask(stack, [ANN, DANA]);
    const ann = await mountChat(stack, task, ANN);
    const dana = await mountChat(stack, task, DANA);
    typeAndSend(ann, 'hello through the proxy');
    await waitForText(dana, 'hello through the proxy');
    typeAndSend(dana, 'hello back');
    await waitForText(ann, 'hello back');
    const polling = await stack.proxyStats();
    expect(polling.upgradesRefused, 'upgrades refused').to.be.greaterThan(0);
    expect(polling.upgradesForwarded, 'upgrades forwarded').to.equal(0);
    expect(polling.cometRequests, 'comet requests').to.be.greaterThan(0);

    // Polls cut mid-conversation (the browser repeats some of them by itself), and a real outage after
    // which the SDK resumes over comet: what was sent meanwhile arrives once, in order.
    expect(await stack.dropConnections()).to.be.greaterThan(0);
    await stack.sendAs({ task, userId: 'ann', text: 'one' });
    await waitForText(dana, 'one', 15_000);
    await outage(stack, [ann, dana], async () => {
      for (const text of ['two', 'three']) await stack.sendAs({ task, userId: 'ann', text });
    });
    await waitForText(dana, 'three', 15_000);
    typeAndSend(dana, 'four');
    await waitForText(ann, 'four');
    expect((await stack.proxyStats()).upgradesForwarded).to.equal(0);

    // WebSockets get through again: ably-js checks on its next connections and moves back by itself.
    await stack.refuseWebSockets(false);
    const onWebSockets = async () => (await stack.proxyStats()).connectionUpgradesForwarded >= 2;
    // The first reconnect may still race its connectivity check and stay on comet; the next one cannot.
    for (let attempt = 0; attempt < 4 && !(await onWebSockets()); attempt++) {
      await outage(stack, [ann, dana]);
      for (const el of [ann, dana]) {
        await waitFor(() => !viewRoot(el).querySelector('[part="banner"]') || undefined, {
          what: 'reconnected',
          timeoutMs: 15_000,
        });
      }
    }
    await waitFor(onWebSockets, { what: 'both elements on WebSockets' });
    await stack.sendAs({ task, userId: 'dana', text: 'over a websocket again' });
    await waitForText(ann, 'over a websocket again', 15_000);
    typeAndSend(ann, 'five');
    await waitForText(dana, 'five');
    const all = ['hello through the proxy', 'hello back', 'one', 'two', 'three', 'four'];
    await expectExactly(dana, [...all, 'over a websocket again', 'five']);
    await expectExactly(ann, [...all, 'over a websocket again', 'five']);
  });
});
