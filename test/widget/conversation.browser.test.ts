import { expect } from 'chai';
import type { EmbeddedChatMessageEvent } from '../../widget/events/message-event.js';
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
  plain,
  typeAndSend,
  viewRoot,
  waitFor,
  waitForText,
  type Person,
} from './element-harness.js';

const ANN: Person = { userId: 'ann', role: 'buyer', name: 'Ann Lee' };
const DANA: Person = { userId: 'dana', role: 'seller', name: 'Dana Ortiz' };

/** Waits for the message with `text` to offer the action `name` (own messages do once confirmed). */
function actionOn(el: HTMLElement, text: string, name: string): Promise<HTMLElement> {
  return waitFor(
    () =>
      allByRole(viewRoot(el), 'article')
        .filter((a) => a.textContent?.includes(text))
        .flatMap((a) => allByRole(a, 'button', name))[0],
    { what: `${name} on "${text}"` },
  );
}

function articleWith(el: HTMLElement, text: string): HTMLElement {
  const found = allByRole(viewRoot(el), 'article').find((a) => a.textContent?.includes(text));
  if (!found) throw new Error(`no message with ${text}`);
  return found;
}

describe('two elements on one page', function () {
  this.timeout(30_000);
  afterEach(cleanUp);

  it('send, edit, delete, react and see it all on the other side when a buyer and a seller chat', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, DANA]);
    const ann = await mountChat(stack, task, ANN);
    const dana = await mountChat(stack, task, DANA);

    const arrived = nextEvent<EmbeddedChatMessageEvent>(dana, 'embedded-chat-message');
    typeAndSend(ann, 'Is the vase still available?');
    await waitForText(dana, 'Is the vase still available?');
    const event = await arrived;
    expect(event.detail.own).to.equal(false);
    expect(event.detail.message.clientId).to.equal('ann');
    expect(event.composed && event.bubbles).to.equal(true);
    // Named by its author and time; the verified role badge comes from the user claim.
    const received = articleWith(dana, 'Is the vase still available?');
    expect(received.getAttribute('aria-label')).to.match(/^Ann Lee, \d/);
    expect(received.querySelector('.badge')?.textContent).to.equal('buyer');

    // Edit: Up in the empty composer takes the last own confirmed message; Enter saves.
    await actionOn(ann, 'Is the vase still available?', 'Edit message');
    const box = byRole(viewRoot(ann), 'textbox', 'Message') as HTMLTextAreaElement;
    box.focus();
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, composed: true }));
    await waitFor(() => box.value === 'Is the vase still available?' || undefined);
    typeAndSend(ann, 'Is the blue vase still available?');
    await waitForText(dana, 'Is the blue vase still available?');
    await waitFor(() => articleWith(dana, 'blue vase').textContent?.includes('edited') || undefined);

    // React from Dana's side (toggle buttons with aria-pressed), seen by Ann.
    (await actionOn(dana, 'blue vase', 'React')).click();
    (await findByRole(viewRoot(dana), 'button', '👍')).click();
    const chip = await findByRole(viewRoot(ann), 'button', /^👍 1: Dana Ortiz$/);
    expect(chip.getAttribute('aria-pressed')).to.equal('false');
    const danaChip = await findByRole(viewRoot(dana), 'button', /^👍 1: You$/);
    expect(danaChip.getAttribute('aria-pressed')).to.equal('true');
    danaChip.click();
    await waitFor(() => allByRole(viewRoot(ann), 'button', /^👍/).length === 0 || undefined);

    // Delete: Dana (seller) may delete any message; Ann sees a tombstone.
    typeAndSend(dana, 'Yes — shipping today.');
    await waitForText(ann, 'Yes — shipping today.');
    (await actionOn(dana, 'shipping today', 'Delete message')).click();
    (await findByRole(viewRoot(dana), 'button', 'Delete')).click();
    await waitForText(ann, 'This message was deleted');
    expect(messageTexts(ann)).not.to.include('Yes — shipping today.');
  });

  it('shows typing, presence, status lines and room reactions of the other participant', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, DANA]);
    const ann = await mountChat(stack, task, ANN);
    const dana = await mountChat(stack, task, DANA, { attributes: { status: 'agent available' } });

    // Presence and the status line, in Ann's header.
    const subtitle = () => plain(viewRoot(ann).querySelector('[part="subtitle"]')?.textContent);
    await waitFor(
      () => (subtitle().includes('Dana Ortiz') && subtitle().includes('agent available')) || undefined,
    );
    dana.setAttribute('status', 'packing your order');
    await waitFor(() => subtitle().includes('packing your order') || undefined);

    // Typing.
    typeAndSend(dana, 'Hel', false);
    const typing = viewRoot(ann).querySelector('[part="typing"]')!;
    await waitFor(() => plain(typing.textContent).includes('Dana Ortiz is typing…') || undefined);
    typeAndSend(dana, 'Hello!');
    await waitFor(() => typing.textContent?.trim() === '' || undefined);

    // Room reaction: a burst on both sides.
    byRole(viewRoot(dana), 'button', 'Send a reaction').click();
    (await findByRole(viewRoot(dana), 'button', '🎉')).click();
    await waitFor(() => viewRoot(ann).querySelector('.burst')?.textContent === '🎉' || undefined);

    // The participants panel lists both, with role and status.
    byRole(viewRoot(ann), 'button', /^Participants/).click();
    const panel = await findByRole(viewRoot(ann), 'dialog', 'Participants');
    expect(plain(panel.textContent))
      .to.include('Dana Ortiz')
      .and.include('packing your order')
      .and.include('Ann Lee (You)');
  });
});
