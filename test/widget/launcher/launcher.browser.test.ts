import { sendKeys, setViewport } from '@web/test-runner-commands';
import { expect } from 'chai';
import type { EmbeddedChatLauncher } from '../../../widget/launcher/embedded-chat-launcher.js';
import { afterEach, before, describe, it } from '../../support/browser/mocha-globals.js';
import { axeViolations, loadAxe } from '../axe.js';
import {
  chatStack,
  cleanUp,
  newTask,
  viewRoot,
  waitFor,
  type ChatStack,
  type Person,
} from '../element-harness.js';

const ANN: Person = { userId: 'ann', role: 'buyer', name: 'Ann Lee' };
const SAM: Person = { userId: 'sam', role: 'seller', name: 'Sam Park' };

// Every module and stream the page asks for stays listed (the default buffer keeps 250).
performance.setResourceTimingBufferSize(100_000);

const mounted: HTMLElement[] = [];

/** `<embedded-chat-launcher>` for `person`, as a host page writes it. */
function mountLauncher(stack: ChatStack, person: Person, attributes: Record<string, string> = {}) {
  const el = document.createElement('embedded-chat-launcher');
  el.setAttribute('token-url', stack.tokenUrl);
  el.getUserToken = () => stack.userToken({ userId: person.userId });
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  const unread: number[] = [];
  const toggles: boolean[] = [];
  el.addEventListener('embedded-chat-launcher-unread', (e) => unread.push(e.detail.count));
  el.addEventListener('embedded-chat-launcher-toggle', (e) => toggles.push(e.detail.open));
  document.body.append(el);
  mounted.push(el);
  return { el, unread, toggles };
}

function launcherRoot(el: EmbeddedChatLauncher): ShadowRoot {
  if (!el.shadowRoot) throw new Error('the launcher is not rendered yet');
  return el.shadowRoot;
}

const button = (el: EmbeddedChatLauncher) =>
  waitFor(() => el.shadowRoot?.querySelector<HTMLButtonElement>('button[part="button"]') ?? undefined, {
    what: 'the launcher button',
  });
const panel = (el: EmbeddedChatLauncher) =>
  launcherRoot(el).querySelector<HTMLDialogElement>('[part="panel"]')!;
const badge = (el: EmbeddedChatLauncher) => {
  const node = launcherRoot(el).querySelector<HTMLElement>('[part="badge"]')!;
  return node.hidden ? '' : (node.textContent ?? '');
};

/** URLs of the chat's chunk, the inbox's, Lit or the Ably SDKs the page has requested. */
const heavyRequests = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((name) => /embedded-chat-view|embedded-chat-inbox-view|\/ably\/|@ably\/chat|\/lit/.test(name));

describe('<embedded-chat-launcher>', function () {
  this.timeout(40_000);
  before(loadAxe);
  afterEach(async () => {
    for (const el of mounted.splice(0)) el.remove();
    await cleanUp();
  });

  it('counts a message another participant sends while closed, without loading the chat, the inbox or the Ably SDK until the pointer reaches it', async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
    await newTask(stack, [ANN, SAM], 'Red lamp');
    const { el, unread } = mountLauncher(stack, SAM, { task: bike });
    const open = await button(el);
    await waitFor(() => (unread.length > 0 ? true : undefined), { what: 'the first count' });
    expect(unread).to.deep.equal([0]);
    expect(open.getAttribute('aria-label')).to.equal('Open chat');
    expect(open.getAttribute('aria-expanded')).to.equal('false');
    expect(badge(el)).to.equal('');

    await stack.sendAs({ task: bike, userId: 'ann', text: 'Is it still available?' });
    await waitFor(() => (badge(el) === '1' ? true : undefined), { what: 'the badge at 1' });
    expect(open.getAttribute('aria-label')).to.equal('Open chat, 1 unread');
    expect(unread.at(-1)).to.equal(1);
    expect(heavyRequests()).to.deep.equal([]);
    expect(await axeViolations(el)).to.deep.equal([]);
    // The pointer reaching the button starts the chat's download, a head start on the click.
    open.dispatchEvent(new PointerEvent('pointerenter'));
    await waitFor(
      () => (heavyRequests().some((url) => url.includes('/embedded-chat-view')) ? true : undefined),
      {
        what: 'the chat prefetched',
      },
    );
    expect(panel(el).open).to.equal(false);
  });

  it('opens the conversation in a named dialog from the button; Escape and the button close it and focus returns; reading there clears the badge', async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
    await stack.seedHistory({ task: bike, userId: 'ann', count: 2, text: 'ping' });
    const { el, unread, toggles } = mountLauncher(stack, SAM, { task: bike });
    const open = await button(el);
    await waitFor(() => (badge(el) === '2' ? true : undefined), { what: 'the badge at 2' });
    expect(open.getAttribute('aria-label')).to.equal('Open chat, 2 unread');

    const ready = new Promise((resolve) =>
      el.addEventListener('embedded-chat-ready', resolve, { once: true }),
    );
    open.click();
    expect(el.open).to.equal(true);
    expect(el.hasAttribute('open')).to.equal(true);
    expect(toggles).to.deep.equal([true]);
    const dialog = panel(el);
    expect(dialog.open).to.equal(true);
    expect(dialog.getAttribute('aria-label')).to.equal('Chat');
    expect(open.getAttribute('aria-controls')).to.equal(dialog.id);
    expect(open.getAttribute('aria-expanded')).to.equal('true');
    expect(open.getAttribute('aria-label')).to.equal('Close chat');
    expect(launcherRoot(el).activeElement).to.equal(dialog);
    const chat = dialog.querySelector('embedded-chat')!;
    expect(chat.getAttribute('task')).to.equal(bike);
    await ready;
    // The chat reads what it shows; the backend tells the user's inbox channel, and the stream the launcher.
    await waitFor(() => (unread.at(-1) === 0 ? true : undefined), { what: 'the count back to 0' });
    expect(viewRoot(chat).querySelector('textarea')).to.not.equal(null);
    expect(await axeViolations(el)).to.deep.equal([]);

    await sendKeys({ press: 'Escape' });
    expect(el.open).to.equal(false);
    expect(dialog.open).to.equal(false);
    expect(toggles).to.deep.equal([true, false]);
    expect(launcherRoot(el).activeElement).to.equal(open);
    expect(open.getAttribute('aria-label')).to.equal('Open chat');
    expect(badge(el)).to.equal('');
    // Closed, the conversation stays in the page but out of sight: what arrives now is not read.
    await stack.sendAs({ task: bike, userId: 'ann', text: 'Hello?' });
    await waitFor(() => (badge(el) === '1' ? true : undefined), { what: 'the badge at 1' });
    await stack.sendAs({ task: bike, userId: 'ann', text: 'Anyone there?' });
    await waitFor(() => (badge(el) === '2' ? true : undefined), { what: 'the badge at 2' });
    expect(open.getAttribute('aria-label')).to.equal('Open chat, 2 unread');

    await sendKeys({ press: 'Enter' });
    expect(dialog.open).to.equal(true);
    // The conversation is made once and kept.
    expect(dialog.querySelector('embedded-chat')).to.equal(chat);
    open.click();
    expect(dialog.open).to.equal(false);
    expect(launcherRoot(el).activeElement).to.equal(open);
    el.open = true;
    expect(dialog.open).to.equal(true);
    expect(toggles).to.deep.equal([true, false, true, false, true]);
  });

  it("leaves the panel open when Escape closes something of the chat's own (its reaction picker), then closes on the next", async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
    const { el } = mountLauncher(stack, SAM, { task: bike });
    const open = await button(el);
    const ready = new Promise((resolve) =>
      el.addEventListener('embedded-chat-ready', resolve, { once: true }),
    );
    open.click();
    await ready;
    const dialog = panel(el);
    const chat = viewRoot(dialog.querySelector('embedded-chat')!);
    const heart = await waitFor(
      () => chat.querySelector<HTMLButtonElement>('button[aria-label="Send a reaction"]') ?? undefined,
      { what: 'the room reaction button' },
    );
    heart.click();
    const first = await waitFor(
      () =>
        chat.querySelector<HTMLButtonElement>('[aria-label="Send a reaction"][role="group"] button') ??
        undefined,
      { what: 'the reaction picker' },
    );
    first.focus();
    await sendKeys({ press: 'Escape' });
    await waitFor(
      () => (chat.querySelector('[role="group"][aria-label="Send a reaction"]') ? undefined : true),
      {
        what: 'the picker closed',
      },
    );
    expect(dialog.open).to.equal(true);
    expect(el.open).to.equal(true);
    expect(chat.activeElement).to.equal(heart);

    await sendKeys({ press: 'Escape' });
    expect(dialog.open).to.equal(false);
    expect(launcherRoot(el).activeElement).to.equal(open);
  });

  it('badges the whole inbox without a task and opens the inbox with conversations inline', async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
    const lamp = await newTask(stack, [ANN, SAM], 'Red lamp');
    await stack.seedHistory({ task: bike, userId: 'ann', count: 2, text: 'ping' });
    const { el, unread } = mountLauncher(stack, SAM);
    await button(el);
    await waitFor(() => (badge(el) === '2' ? true : undefined), { what: 'the badge at 2' });
    await stack.sendAs({ task: lamp, userId: 'ann', text: 'Still for sale?' });
    await waitFor(() => (badge(el) === '3' ? true : undefined), { what: 'the badge at 3' });
    // The seeded messages may reach the inbox after the first count: 0, 1, then 2.
    expect(unread.slice(unread.indexOf(2))).to.deep.equal([2, 3]);
    expect(heavyRequests().filter((url) => url.includes('inbox'))).to.deep.equal([]);
    (await button(el)).click();
    const inbox = panel(el).querySelector('embedded-chat-inbox')!;
    expect(inbox.getAttribute('open')).to.equal('inline');
    expect(inbox.getAttribute('token-url')).to.equal(stack.tokenUrl);
    await waitFor(
      () =>
        inbox.shadowRoot
          ?.querySelector('embedded-chat-inbox-view')
          ?.shadowRoot?.querySelector('[role="option"]') ?? undefined,
      { what: 'the inbox rows' },
    );
  });

  it('opens at once when the page says open, and counts and shows another task when its task changes', async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
    const lamp = await newTask(stack, [ANN, SAM], 'Red lamp');
    await stack.seedHistory({ task: lamp, userId: 'ann', count: 3, text: 'ping' });
    const { el, unread } = mountLauncher(stack, SAM, { task: bike, open: '' });
    await button(el);
    expect(panel(el).open).to.equal(true);
    expect(panel(el).querySelector('embedded-chat')!.getAttribute('task')).to.equal(bike);
    await waitFor(() => (unread.length > 0 ? true : undefined), { what: 'the first count' });
    el.open = false;
    el.setAttribute('task', lamp);
    await waitFor(() => (badge(el) === '3' ? true : undefined), { what: 'the other task’s 3 unread' });
    el.open = true;
    expect(panel(el).querySelector('embedded-chat')!.getAttribute('task')).to.equal(lamp);
  });

  it('sits in the bottom corner at the inline end, mirrored right to left, and at the start with position="bottom-start"', async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
    const side = async (attributes: Record<string, string>) => {
      const { el } = mountLauncher(stack, SAM, { task: bike, ...attributes });
      const box = (await button(el)).getBoundingClientRect();
      el.remove();
      expect(innerHeight - box.bottom).to.be.closeTo(20, 1);
      return box.left < innerWidth / 2 ? 'left' : 'right';
    };
    expect(await side({})).to.equal('right');
    expect(await side({ lang: 'ar' })).to.equal('left');
    expect(await side({ dir: 'rtl' })).to.equal('left');
    expect(await side({ position: 'bottom-start' })).to.equal('left');
    expect(await side({ position: 'bottom-start', lang: 'ar' })).to.equal('right');
    const { el } = mountLauncher(stack, SAM, { task: bike, lang: 'es', label: 'Escríbenos' });
    const open = await button(el);
    expect(open.getAttribute('aria-label')).to.equal('Escríbenos');
    expect(open.textContent).to.contain('Escríbenos');
    open.click();
    expect(open.getAttribute('aria-label')).to.equal('Cerrar chat');
  });

  it('is a full-screen sheet with its own close button at phone widths', async () => {
    await setViewport({ width: 360, height: 640 });
    try {
      const stack = await chatStack({ inbox: true });
      const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
      const { el } = mountLauncher(stack, SAM, { task: bike });
      const open = await button(el);
      open.click();
      const dialog = panel(el);
      await Promise.all(dialog.getAnimations().map((a) => a.finished));
      const box = dialog.getBoundingClientRect();
      expect([box.left, box.top, box.width, box.height]).to.deep.equal([0, 0, 360, 640]);
      const close = launcherRoot(el).querySelector<HTMLButtonElement>('[part="close-button"]')!;
      expect(close.getClientRects().length).to.be.greaterThan(0);
      expect(close.getAttribute('aria-label')).to.equal('Close chat');
      close.click();
      expect(el.open).to.equal(false);
      expect(launcherRoot(el).activeElement).to.equal(open);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('renews its Ably token when the stream ends with 40142 and resumes from the last event, missing nothing', async () => {
    const opened: string[] = [];
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        opened.push(String(url));
        super(url, init);
      }
    };
    try {
      const stack = await chatStack({ inbox: true, tokenTtlSeconds: 10 });
      const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
      const { el } = mountLauncher(stack, SAM, { task: bike });
      await button(el);
      await stack.sendAs({ task: bike, userId: 'ann', text: 'one' });
      await waitFor(() => (badge(el) === '1' ? true : undefined), { what: 'the badge at 1' });
      await waitFor(() => (opened.length >= 2 ? true : undefined), {
        what: 'a renewed stream',
        timeoutMs: 20_000,
      });
      const renewed = new URL(opened[1]!);
      expect(renewed.searchParams.get('lastEvent')).to.be.a('string').and.not.equal('');
      expect(renewed.searchParams.get('accessToken')).to.not.equal(
        new URL(opened[0]!).searchParams.get('accessToken'),
      );
      // Another participant's sender: one whose Ably token has lived past the short TTL renews it at a rate the
      // token route's per-user limit refuses (the test stack's Node sender, not the launcher).
      await stack.addParticipant({ task: bike, userId: 'bo', role: 'buyer', name: 'Bo Kim' });
      await stack.sendAs({ task: bike, userId: 'bo', text: 'two' });
      await waitFor(() => (badge(el) === '2' ? true : undefined), { what: 'the badge at 2' });
    } finally {
      window.EventSource = Native;
    }
  });
});
