import { expect } from 'chai';
import type { EmbeddedChatErrorEvent } from '../../widget/events/error-event.js';
import { afterEach, describe, it } from '../support/browser/mocha-globals.js';
import {
  allByRole,
  byRole,
  chatStack,
  cleanUp,
  findByRole,
  messageTexts,
  mountChat,
  newTask,
  nextEvent,
  typeAndSend,
  viewRoot,
  waitFor,
  waitForText,
  withTimeout,
  type Person,
} from './element-harness.js';

const ANN: Person = { userId: 'ann', role: 'buyer', name: 'Ann' };
const BOB: Person = { userId: 'bob', role: 'seller', name: 'Bob' };
const PHONE = 'Call me on +44 20 7946 0958';
/** The marketplace policy's reason, exactly as the backend sends it (server/backend/moderation/policy.ts). */
const REASON = "Phone numbers and e-mail addresses can't be shared in this chat.";

const composer = (el: HTMLElement) => byRole(viewRoot(el), 'textbox', 'Message') as HTMLTextAreaElement;

describe('moderation before publish', function () {
  this.timeout(30_000);
  afterEach(cleanUp);

  it('keeps the draft and announces the policy’s reason when an order message carries a phone number', async () => {
    const stack = await chatStack({ moderation: true });
    const task = await newTask(stack, [ANN, BOB]);
    const ann = await mountChat(stack, task, ANN);
    const bob = await mountChat(stack, task, BOB);
    const errored = nextEvent<EmbeddedChatErrorEvent>(ann, 'embedded-chat-error');
    typeAndSend(ann, PHONE);
    expect((await withTimeout(errored, 8_000, 'error event')).detail.code).to.equal(42213);
    const alert = await findByRole(viewRoot(ann), 'alert');
    expect(alert.querySelector('span')?.textContent).to.equal(`Message not sent: ${REASON}`);
    expect(composer(ann).value).to.equal(PHONE);
    // Not shown as sent, on either side: the next clean message is the only one anybody sees.
    expect(messageTexts(ann)).to.deep.equal([]);
    composer(ann).value = '';
    typeAndSend(ann, 'Is it still available?');
    await waitForText(bob, 'Is it still available?');
    await waitForText(ann, 'Is it still available?');
    expect(messageTexts(bob)).to.deep.equal(['Is it still available?']);
    expect(messageTexts(ann)).to.deep.equal(['Is it still available?']);
  });

  it('sends the same text in a support ticket, whose policy does not mask contacts', async () => {
    const stack = await chatStack({ moderation: true });
    const task = await newTask(stack, [ANN, BOB], 'Printer ticket', 'ticket');
    const ann = await mountChat(stack, task, ANN);
    const bob = await mountChat(stack, task, BOB);
    typeAndSend(ann, PHONE);
    await waitForText(bob, PHONE);
    expect(allByRole(viewRoot(ann), 'alert')).to.deep.equal([]);
  });

  it('refuses an edit that adds a phone number and keeps the edit open with the reason', async () => {
    const stack = await chatStack({ moderation: true });
    const task = await newTask(stack, [ANN, BOB]);
    const ann = await mountChat(stack, task, ANN);
    const bob = await mountChat(stack, task, BOB);
    typeAndSend(ann, 'See you at noon');
    await waitForText(bob, 'See you at noon');
    await waitFor(() => allByRole(viewRoot(ann), 'button', 'Edit message').length > 0 || undefined, {
      what: 'the message confirmed',
    });
    const box = composer(ann);
    box.focus();
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, composed: true }));
    await waitFor(() => box.value === 'See you at noon' || undefined);
    typeAndSend(ann, `See you at noon. ${PHONE}`);
    const alert = await findByRole(viewRoot(ann), 'alert');
    expect(alert.querySelector('span')?.textContent).to.equal(`Message not sent: ${REASON}`);
    expect(box.value).to.equal(`See you at noon. ${PHONE}`);
    expect(messageTexts(bob)).to.deep.equal(['See you at noon']);
    expect(messageTexts(ann)).to.deep.equal(['See you at noon']);
  });
});
