import { expect } from 'chai';
import { en } from '../../widget/i18n/en.js';
import { LOADING } from '../../widget/i18n/loading.js';
import { agentEn } from '../../widget/i18n/agent-en.js';
import { filesEn } from '../../widget/i18n/files-en.js';
import { afterEach, describe, it } from '../support/browser/mocha-globals.js';
import {
  allByRole,
  byRole,
  chatStack,
  cleanUp,
  findByRole,
  mountChat,
  nameOf,
  newTask,
  viewRoot,
  waitForText,
  type Person,
} from '../widget/element-harness.js';
import { ACCESSIBLE_NAMES } from './accessible-names.js';

const ANN: Person = { userId: 'ann', role: 'customer', name: 'Ann Lee' };
const DANA: Person = { userId: 'dana', role: 'agent', name: 'Dana Ortiz' };

/**
 * Rows of docs/element.md §6 that an ordinary open conversation does not show (loading, push, connection
 * trouble, failed or refused sends, scrolling back, read-only): their names still come from the string table.
 */
const NOT_IN_A_CONVERSATION = new Set([
  LOADING.en,
  en.notify,
  en.notifyBlocked,
  en.connecting,
  en.unableToOpen,
  `${en.notSent.offline} · ${en.retry} · ${en.cancel}`,
  en.jumpToLatest,
  en.errors.rejected('<reason>'),
  en.readOnly,
  // Photos and files: their own test (test/widget/attachments.browser.test.ts) finds each of these.
  filesEn.viewFile('<file>'),
  filesEn.download('<file>'),
  '<file>',
  filesEn.cancelUpload('<file>'),
  // Agents' replies: their own tests (test/widget/agent-replies.browser.test.ts) find each of these.
  agentEn.stop,
  agentEn.started('<agent>'),
]);

/** A documented name as a pattern: `<…>` stands for anything the conversation fills in. */
function pattern(name: string): RegExp {
  const parts = name.split(/<[^>]+>/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`);
}

describe('the accessible names docs/element.md §6 lists', function () {
  this.timeout(30_000);
  afterEach(cleanUp);

  it('are the roles and names the element shows in a conversation', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, DANA]);
    await stack.sendAs({ task, userId: 'dana', text: 'Hello Ann' });
    await stack.sendAs({ task, userId: 'ann', text: 'Hi Dana' });
    const el = await mountChat(stack, task, ANN);
    await waitForText(el, 'Hi Dana');
    const root = viewRoot(el);
    const roles = new Set(ACCESSIBLE_NAMES.map((entry) => entry.role));
    const seen: { role: string; name: string }[] = [];
    const look = () => {
      for (const role of roles)
        for (const found of allByRole(root, role)) seen.push({ role, name: nameOf(found) });
    };

    await stack.sendAs({ task, userId: 'dana', text: 'Are you there?' });
    await waitForText(el, 'Are you there?');
    // Told to screen readers once, beside the list (which is not a live region).
    await findByRole(root, 'status', /^Dana Ortiz: Are you there\?$/);
    look();
    const own = allByRole(root, 'article').find((article) => article.textContent?.includes('Hi Dana'))!;
    own.focus();
    await findByRole(root, 'toolbar', en.actions);
    look();
    byRole(own, 'button', en.react).click();
    await findByRole(root, 'group', en.addReaction);
    look();
    byRole(byRole(root, 'group', en.addReaction), 'button', '❤️').click();
    await findByRole(own, 'button', /^❤️ 1: /);
    look();
    byRole(own, 'button', en.delete).click();
    await findByRole(root, 'group', en.confirmDelete);
    look();
    byRole(root, 'button', en.cancel).click();
    byRole(root, 'button', new RegExp(`^${en.participants} `)).click();
    await findByRole(root, 'dialog', en.participants);
    look();

    const missing = ACCESSIBLE_NAMES.filter((entry) => {
      const names = [entry.name(en)].flat();
      if (names.some((name) => NOT_IN_A_CONVERSATION.has(name))) return false;
      return !seen.some((s) => s.role === entry.role && names.some((name) => pattern(name).test(s.name)));
    }).map((entry) => `${entry.role} ${JSON.stringify(entry.name(en))}`);
    expect(missing).to.deep.equal([]);
  });
});
