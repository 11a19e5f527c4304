import { expect } from 'chai';
import type { EmbeddedChat } from '../../widget/chat/embedded-chat.js';
import type { EmbeddedChatErrorEvent } from '../../widget/events/error-event.js';
import { afterEach, describe, it } from '../support/browser/mocha-globals.js';
import {
  byRole,
  chatStack,
  cleanUp,
  findByRole,
  messageTexts,
  mountChat,
  newTask,
  nextEvent,
  typeAndSend,
  waitUntilOffline,
  viewRoot,
  waitFor,
  waitForText,
  withTimeout,
  type Person,
} from './element-harness.js';

const ANN: Person = { userId: 'ann', role: 'customer', name: 'Ann' };
const DANA: Person = { userId: 'dana', role: 'agent', name: 'Dana' };

describe('the composer', function () {
  this.timeout(30_000);
  afterEach(cleanUp);

  it('keeps the draft and says why when a message is over the 64 KiB limit', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN]);
    const ann = await mountChat(stack, task, ANN);
    const errored = nextEvent<EmbeddedChatErrorEvent>(ann, 'embedded-chat-error');
    const huge = 'long '.repeat(14_000);
    typeAndSend(ann, huge);
    expect((await withTimeout(errored, 5_000, 'error event')).detail.code).to.equal(40009);
    const notice = await findByRole(viewRoot(ann), 'alert');
    expect(notice.textContent).to.include('too long');
    expect((byRole(viewRoot(ann), 'textbox', 'Message') as HTMLTextAreaElement).value).to.equal(huge.trim());
    expect(messageTexts(ann)).to.deep.equal([]);
  });

  it('keeps the draft and asks to slow down when sends hit the rate limit (42910)', async () => {
    // One REST write a second (bursts of two): the third quick message is refused.
    const stack = await chatStack({ restWriteRate: 1 });
    const task = await newTask(stack, [ANN]);
    const ann = await mountChat(stack, task, ANN);
    const errors: number[] = [];
    ann.addEventListener('embedded-chat-error', (e) =>
      errors.push((e as EmbeddedChatErrorEvent).detail.code),
    );
    for (const text of ['one', 'two']) {
      typeAndSend(ann, text);
      await waitForText(ann, text);
    }
    typeAndSend(ann, 'three, too fast');
    const notice = await findByRole(viewRoot(ann), 'alert');
    expect(notice.textContent).to.include('You are sending messages too fast');
    expect((byRole(viewRoot(ann), 'textbox', 'Message') as HTMLTextAreaElement).value).to.equal(
      'three, too fast',
    );
    expect(errors).to.include(42910);
    expect(messageTexts(ann)).to.deep.equal(['one', 'two']);
  });

  it('marks a send that failed offline on its bubble and sends it with Retry', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, DANA]);
    const ann = await mountChat(stack, task, ANN);
    const dana = await mountChat(stack, task, DANA);
    await stack.blockConnections();
    typeAndSend(ann, 'sent while offline');
    const retry = await waitFor(
      () => {
        const row = [...viewRoot(ann).querySelectorAll('article')].find((a) =>
          a.textContent?.includes('sent while offline'),
        );
        return row?.textContent?.includes('Not sent')
          ? row.querySelector<HTMLButtonElement>('.meta button')
          : undefined;
      },
      { timeoutMs: 15_000, what: 'a failed bubble with Retry' },
    );
    expect(retry?.textContent?.trim()).to.equal('Retry');
    // The bubble says why, not just that it failed.
    expect(retry!.closest('.meta')?.firstElementChild?.textContent).to.equal('Not sent: no connection');
    // A Retry while Dana's SDK is still trying (WebSocket, then long polling) would change nothing.
    await waitUntilOffline(dana);
    await stack.unblockConnections();
    retry!.click();
    // Dana's side reconnects when she presses the banner's Retry (or at the SDK's next attempt).
    byRole(viewRoot(dana), 'button', 'Retry').click();
    await waitForText(dana, 'sent while offline', 15_000);
    await waitFor(() => !viewRoot(ann).textContent?.includes('Not sent') || undefined);
    expect(messageTexts(ann).filter((t) => t === 'sent while offline')).to.have.length(1);
  });

  it('asks getParticipantToken for a fresh participant token whenever it needs a new Ably token', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN]);
    let calls = 0;
    const el = document.createElement('embedded-chat') as EmbeddedChat;
    el.task = task;
    el.tokenUrl = stack.tokenUrl;
    el.loading = 'eager';
    el.getParticipantToken = () => {
      calls++;
      return stack.participantToken({ task, userId: ANN.userId, role: ANN.role, name: ANN.name });
    };
    el.style.cssText = 'display:block;width:380px;height:440px';
    const ready = nextEvent(el, 'embedded-chat-ready');
    document.body.append(el);
    try {
      await withTimeout(ready, 10_000, 'ready');
      expect(calls).to.equal(1);
      // Closing the task revokes the live token: ably-js renews through the element, which asks again.
      await stack.closeTask({ task });
      await waitFor(() => calls >= 2 || undefined, { timeoutMs: 15_000, what: 'a second participant token' });
      await waitFor(() => viewRoot(el).textContent?.includes('This task is closed') || undefined);
    } finally {
      el.remove();
    }
  });
});
