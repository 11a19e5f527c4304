import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, before, describe, it } from '../support/browser/mocha-globals.js';
import {
  allByRole,
  byRole,
  chatStack,
  cleanUp,
  findByRole,
  messageTexts,
  mountChat,
  newTask,
  viewRoot,
  waitFor,
  waitForText,
  type Person,
} from './element-harness.js';
import { axeViolations, loadAxe } from './axe.js';

const ANN: Person = { userId: 'ann', role: 'customer', name: 'Ann Lee' };
const DANA: Person = { userId: 'dana', role: 'agent', name: 'Dana Ortiz' };

/** What the element writes for an edited and a deleted message, in the languages used here. */
const SHOWN = {
  en: { edited: 'edited', deleted: 'This message was deleted' },
  ar: { edited: 'معدّلة', deleted: 'تم حذف هذه الرسالة' },
};

/** A conversation with grouping, a link, a reaction, an edit and a deletion, all on screen in Ann's element. */
async function busyConversation(attributes: Record<string, string>): Promise<HTMLElement> {
  const stack = await chatStack();
  const task = await newTask(stack, [ANN, DANA]);
  await stack.sendAs({ task, userId: 'dana', text: 'Hi Ann, how can I help?' });
  const link = await stack.sendAs({
    task,
    userId: 'ann',
    text: 'My order has not arrived: https://example.com/o/1',
  });
  const typo = await stack.sendAs({ task, userId: 'dana', text: 'Let me chekc that for you.' });
  const wrong = await stack.sendAs({ task, userId: 'ann', text: 'Sorry, wrong chat' });
  await stack.reactAs({ task, userId: 'dana', serial: link, name: '👍' });
  await stack.editAs({ task, userId: 'dana', serial: typo, text: 'Let me check that for you.' });
  await stack.deleteAs({ task, userId: 'ann', serial: wrong });
  const ann = await mountChat(stack, task, ANN, { attributes });
  const shown = attributes.lang === 'ar' ? SHOWN.ar : SHOWN.en;
  const root = viewRoot(ann);
  const article = (text: string) => allByRole(root, 'article').find((a) => a.textContent?.includes(text));
  await waitFor(() => article('Let me check that for you.')?.textContent?.includes(shown.edited), {
    what: 'the edited message',
  });
  await waitFor(() => messageTexts(ann).includes(shown.deleted) || undefined, {
    what: 'the deleted message',
  });
  await waitFor(() => allByRole(article('My order has not arrived') ?? root, 'button', /^👍 1: /)[0], {
    what: 'the reaction chip',
  });
  return ann;
}

describe('accessibility', function () {
  this.timeout(30_000);
  before(loadAxe);
  afterEach(cleanUp);

  for (const [label, attributes] of [
    ['light', { theme: 'light' }],
    ['dark', { theme: 'dark' }],
    ['RTL Arabic', { theme: 'light', lang: 'ar' }],
  ] as const) {
    it(`has no axe-core violations in ${label}`, async () => {
      const ann = await busyConversation(attributes);
      if (attributes.theme === 'dark') document.body.style.background = '#000';
      const violations = await axeViolations(ann);
      document.body.style.background = '';
      expect(violations).to.deep.equal([]);
    });
  }

  it('names its controls in the page language and sets dir from it', async () => {
    const ann = await busyConversation({ lang: 'ar' });
    const root = viewRoot(ann);
    expect(root.host.getAttribute('dir')).to.equal('rtl');
    byRole(root, 'log', 'الرسائل');
    byRole(root, 'textbox', 'رسالة');
    byRole(root, 'button', 'إرسال');
  });

  it('is usable with the keyboard: Enter sends, Shift+Enter breaks the line, Up edits, Escape cancels, arrows move', async () => {
    const ann = await busyConversation({});
    const root = viewRoot(ann);
    const box = byRole(root, 'textbox', 'Message') as HTMLTextAreaElement;
    box.focus();
    await sendKeys({ type: 'first line' });
    await sendKeys({ press: 'Shift+Enter' });
    await sendKeys({ type: 'second line' });
    await sendKeys({ press: 'Enter' });
    await waitForText(ann, 'first line\nsecond line');
    expect(box.value).to.equal('');
    // Up edits the latest *confirmed* own message: wait for the server's answer (the Edit action appears).
    await waitFor(
      () =>
        allByRole(root, 'article')
          .filter((a) => a.textContent?.includes('second line'))
          .some((a) => allByRole(a, 'button', 'Edit message').length > 0) || undefined,
      { what: 'the message confirmed' },
    );
    box.focus();

    await sendKeys({ press: 'ArrowUp' });
    await waitFor(() => box.value === 'first line\nsecond line' || undefined);
    expect(root.querySelector('[part="notice"]')?.textContent).to.include('Editing message');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => box.value === '' || undefined);
    expect(root.querySelector('[part="notice"]')).to.equal(null);

    // Into the list: one tab stop; arrows move between messages; Tab reaches that message's actions.
    const log = byRole(root, 'log', 'Messages');
    const articles = allByRole(root, 'article');
    expect(articles.filter((a) => a.tabIndex === 0)).to.have.length(1);
    articles.at(-1)!.focus();
    await sendKeys({ press: 'ArrowUp' });
    await waitFor(() => root.activeElement === articles.at(-2) || undefined, {
      what: 'previous message focused',
    });
    // That one is deleted (no actions); the one before it, Dana's edited message, has some.
    await sendKeys({ press: 'ArrowUp' });
    await waitFor(() => root.activeElement === articles.at(-3) || undefined, {
      what: 'the message before it focused',
    });
    await sendKeys({ press: 'Tab' });
    expect(nameOfActive(root)).to.equal('React');
    expect(log.contains(root.activeElement)).to.equal(true);
    await sendKeys({ press: 'Enter' });
    (await findByRole(root, 'button', '❤️')).focus();
    await sendKeys({ press: 'Enter' });
    await findByRole(root, 'button', /^❤️ 1: You$/);
  });
});

function nameOfActive(root: ShadowRoot): string | null {
  return root.activeElement?.getAttribute('aria-label') ?? null;
}
