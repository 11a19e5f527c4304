import { expect } from 'chai';
import { afterEach, describe, it } from '../support/browser/mocha-globals.js';
import {
  byRole,
  chatStack,
  cleanUp,
  messageTexts,
  mountChat,
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

describe('a backend restart while tokens renew', function () {
  this.timeout(60_000);
  afterEach(cleanUp);

  it('keeps both rooms: the renewal fails, succeeds once the backend is back, and the chat goes on', async () => {
    // 10 s tokens: ably-local ends the connection at expiry (40142) and the element asks the backend.
    const stack = await chatStack({ tokenTtlSeconds: 10 });
    const task = await newTask(stack, [ANN, DANA]);
    const counts = new Map<HTMLElement, { ready: number; errors: number }>();
    const track = (el: HTMLElement) => {
      const count = { ready: 0, errors: 0 };
      counts.set(el, count);
      el.addEventListener('embedded-chat-ready', () => count.ready++);
      el.addEventListener('embedded-chat-error', () => count.errors++);
    };
    const ann = await mountChat(stack, task, ANN, { beforeMount: track });
    const dana = await mountChat(stack, task, DANA, { beforeMount: track });
    typeAndSend(ann, 'before the restart');
    await waitForText(dana, 'before the restart');

    await stack.stopBackend();
    for (const el of [ann, dana]) {
      await waitFor(() => counts.get(el)!.errors > 0 || undefined, {
        what: 'a renewal that failed',
        timeoutMs: 20_000,
      });
    }
    await Promise.all([waitUntilOffline(ann), waitUntilOffline(dana)]);
    await stack.startBackend();
    for (const el of [ann, dana]) byRole(viewRoot(el), 'button', 'Retry').click();

    await stack.sendAs({ task, userId: 'dana', text: 'after the restart' });
    await waitForText(ann, 'after the restart', 15_000);
    typeAndSend(ann, 'still here');
    await waitForText(dana, 'still here', 15_000);
    const texts = ['before the restart', 'after the restart', 'still here'];
    expect(messageTexts(ann)).to.deep.equal(texts);
    expect(messageTexts(dana)).to.deep.equal(texts);
    // The same session and room: never set up again, and ably-local still counts one connection each.
    expect([...counts.values()].map((c) => c.ready)).to.deep.equal([1, 1]);
    await waitFor(async () => (await stack.occupancy({ task })).connections === 2 || undefined, {
      what: 'two connections',
    });
  });
});
