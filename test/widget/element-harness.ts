/**
 * Drives `<embedded-chat>` in Chromium the way a host page and a person would: attributes in, events out,
 * and the shadow DOM reached only through roles and accessible names (docs/element.md §6).
 */
import { expect } from 'chai';
import '../../widget/define.js';
import type { EmbeddedChat } from '../../widget/chat/embedded-chat.js';
import {
  startChatStack,
  uniqueTaskId,
  waitFor,
  withTimeout,
  type ChatStack,
} from '../support/browser/chat-stack.js';
import type { StartChatStackPayload } from '../support/browser/chat-stack-commands.js';

export { uniqueTaskId, waitFor, withTimeout, type ChatStack };

export interface Person {
  userId: string;
  role: 'customer' | 'agent' | 'buyer' | 'seller' | 'courier' | 'moderator' | 'observer' | 'bot' | 'player';
  name: string;
}

const stacks: ChatStack[] = [];
const elements: HTMLElement[] = [];

/** A stack the page may call (its origin is allowed); stopped by {@link cleanUp}. */
export async function chatStack(options: StartChatStackPayload = {}): Promise<ChatStack> {
  const stack = await startChatStack({ allowedOrigins: [location.origin], ...options });
  stacks.push(stack);
  return stack;
}

/** A task (of `type`, default `order`) with these participants on a stack. */
export async function newTask(
  stack: ChatStack,
  people: Person[],
  title = 'Order 8841',
  type = 'order',
): Promise<string> {
  const task = uniqueTaskId();
  await stack.createTask({ task, type, title, participants: people });
  return task;
}

export interface MountOptions {
  attributes?: Record<string, string>;
  /** Where to put the element; default a 420×600 box on the body. */
  parent?: HTMLElement;
  /** Wait for `embedded-chat-ready` (default true). */
  ready?: boolean;
  /** Runs before the element joins the page (to listen for its first events). */
  beforeMount?: (el: HTMLElement) => void;
}

/** An `<embedded-chat>` for `person` in `task`, as a host page writes it; resolves once ready. */
export async function mountChat(
  stack: ChatStack,
  task: string,
  person: Person,
  options: MountOptions = {},
): Promise<EmbeddedChat> {
  const el = document.createElement('embedded-chat');
  el.setAttribute('task', task);
  el.setAttribute('token-url', stack.tokenUrl);
  el.setAttribute('loading', 'eager');
  el.setAttribute(
    'participant-token',
    await stack.participantToken({ task, userId: person.userId, role: person.role, name: person.name }),
  );
  for (const [name, value] of Object.entries(options.attributes ?? {})) el.setAttribute(name, value);
  // Two side by side fit the runner's 800×600 page, so both count as seen.
  el.style.cssText = 'display:inline-block;vertical-align:top;width:380px;height:440px';
  const ready = new Promise<void>((resolve) =>
    el.addEventListener('embedded-chat-ready', () => resolve(), { once: true }),
  );
  el.addEventListener('embedded-chat-status', (e) => statuses.set(el, (e as CustomEvent).detail));
  options.beforeMount?.(el);
  (options.parent ?? document.body).append(el);
  elements.push(el);
  if (options.ready !== false) {
    await withTimeout(ready, 10_000, `${person.userId} ready`);
    // Interactive: the part of the chat loaded after the first paint has arrived (its participants button shows).
    await waitFor(() => viewRoot(el).querySelector('header button[aria-haspopup="dialog"]') ?? undefined, {
      what: `${person.userId}'s chat interactive`,
    });
  }
  return el;
}

const statuses = new WeakMap<HTMLElement, { state: string; previous: string }>();

/**
 * Resolves once a mounted element's connection attempt has failed and ably-js waits for its next one
 * (`disconnected` or `suspended`, but not straight after `connected`). Only then does the banner's Retry start an attempt at once: with
 * WebSocket and long polling to try, an attempt during an outage takes a while.
 */
export function waitUntilOffline(el: HTMLElement, timeoutMs = 15_000): Promise<true> {
  return waitFor(
    () => {
      const status = statuses.get(el);
      const waiting = status?.state === 'disconnected' || status?.state === 'suspended';
      // Right after `connected` ably-js tries again at once; after a failed attempt it waits.
      return (waiting && status?.previous !== 'connected') || undefined;
    },
    { timeoutMs, what: 'the connection to give up its attempt' },
  );
}

/** Removes what the test mounted and stops its stacks. */
export async function cleanUp(): Promise<void> {
  for (const el of elements.splice(0)) el.remove();
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
  // ably-js keeps the transport that last worked (xhr_polling after an outage); the next test starts clean.
  localStorage.removeItem('ably-transport-preference');
}

/** The chat's own shadow root (inside the loader's). */
export function viewRoot(el: HTMLElement): ShadowRoot {
  const view = el.shadowRoot?.querySelector('embedded-chat-view');
  if (!view?.shadowRoot) throw new Error('the chat view is not rendered yet');
  return view.shadowRoot;
}

/** Every element in `root` and the shadow roots below it. */
function* deep(root: ParentNode): Generator<Element> {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* deep(el.shadowRoot);
  }
}

/** The accessible name as the element states it (aria-label, or its text). */
export function nameOf(el: Element): string {
  const labelledBy = el.getAttribute('aria-labelledby');
  const label = labelledBy
    ? (el.getRootNode() as ShadowRoot | Document).getElementById(labelledBy)?.textContent
    : el.getAttribute('aria-label');
  return plain(label ?? visibleText(el))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text without the bidi isolates (U+2068/U+2069) the element puts around names. */
export function plain(text: string | null | undefined): string {
  return (text ?? '').replace(/[\u2068\u2069]/g, '');
}

/** Text content without `aria-hidden` subtrees, the way a name is computed from content. */
function visibleText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (node instanceof Element && node.getAttribute('aria-hidden') === 'true') return '';
  return [...node.childNodes].map((child) => ` ${visibleText(child)}`).join('');
}

const IMPLICIT: Record<string, string> = {
  button: 'button',
  textarea: 'textbox',
  article: 'article',
  a: 'link',
  progress: 'progressbar',
  dialog: 'dialog',
};

function roleOf(el: Element): string | undefined {
  return el.getAttribute('role') ?? IMPLICIT[el.localName];
}

/** Elements with a role (explicit or implicit) whose accessible name matches, searched through shadow roots. */
export function allByRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement[] {
  return [...deep(root)].filter((el): el is HTMLElement => {
    if (roleOf(el) !== role) return false;
    if (name === undefined) return true;
    const n = nameOf(el);
    return typeof name === 'string' ? n === name : name.test(n);
  });
}

export function byRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement {
  const found = allByRole(root, role, name);
  if (found.length === 0) throw new Error(`no ${role} named ${String(name)}`);
  return found[0]!;
}

/** Waits until an element with this role and name exists. */
export function findByRole(
  root: ParentNode,
  role: string,
  name?: string | RegExp,
  timeoutMs = 8_000,
): Promise<HTMLElement> {
  return waitFor(() => allByRole(root, role, name)[0], { timeoutMs, what: `${role} ${String(name)}` });
}

/** The text of every message article, in order. */
export function messageTexts(el: HTMLElement): string[] {
  return allByRole(viewRoot(el), 'article').map(
    (a) => a.querySelector('[part="bubble"]')?.textContent?.trim() ?? '',
  );
}

/**
 * Scrolls the windowed list from its top to its end the way a person would (only the rows on screen and near it
 * are in the DOM), calling `visit` with the list at each stop.
 */
export async function scrollThrough(el: HTMLElement, visit: (list: HTMLElement) => void): Promise<void> {
  const list = byRole(viewRoot(el), 'log', /.*/);
  list.scrollTop = 0;
  for (;;) {
    await settled(el);
    visit(list);
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) return;
    list.scrollTop += Math.max(1, Math.floor(list.clientHeight * 0.8));
  }
}

/**
 * Every message of the conversation as loaded, in order (by {@link scrollThrough}), checked for gaps. Rows still
 * arriving (a gap being filled after a discontinuity) move the others while the list is read, so it is read until
 * two readings agree.
 */
export async function readConversation(el: HTMLElement): Promise<string[]> {
  let previous: string[] | undefined;
  for (let attempt = 0; ; attempt++) {
    const reading = await readOnce(el);
    if (previous && JSON.stringify(previous) === JSON.stringify(reading.texts)) {
      expect(reading.indices, 'rows read without a gap').to.deep.equal(reading.indices.map((_, i) => i));
      return reading.texts;
    }
    if (attempt >= 5) throw new Error('unable to read the conversation; it kept changing while read');
    previous = reading.texts;
  }
}

async function readOnce(el: HTMLElement): Promise<{ indices: number[]; texts: string[] }> {
  const texts = new Map<number, string>();
  await scrollThrough(el, (list) => {
    for (const item of list.querySelectorAll<HTMLElement>('[data-index]')) {
      texts.set(Number(item.dataset.index), item.querySelector('[part="bubble"]')?.textContent?.trim() ?? '');
    }
  });
  const indices = [...texts.keys()].sort((a, b) => a - b);
  return { indices, texts: indices.map((i) => texts.get(i)!) };
}

/** Two animation frames and the view's update: a scroll has been seen and the window drawn for it. */
async function settled(el: HTMLElement): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  await (
    el.shadowRoot?.querySelector('embedded-chat-view') as
      (HTMLElement & { updateComplete?: Promise<unknown> }) | null
  )?.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Waits until the conversation shows `text`. */
export function waitForText(el: HTMLElement, text: string, timeoutMs = 8_000): Promise<true> {
  return waitFor(() => messageTexts(el).includes(text) || undefined, {
    timeoutMs,
    what: `message "${text}"`,
  });
}

/** Types into the composer as a person would (input events), then sends with Enter. */
export function typeAndSend(el: HTMLElement, text: string, send = true): void {
  const box = byRole(viewRoot(el), 'textbox', 'Message') as HTMLTextAreaElement;
  box.focus();
  box.value = text;
  box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  if (send) box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
}

/** Resolves with the next event of this type from `el`. */
export function nextEvent<T extends Event>(
  el: EventTarget,
  type: string,
  match: (e: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const listener = (event: Event) => {
      if (!match(event as T)) return;
      el.removeEventListener(type, listener);
      resolve(event as T);
    };
    el.addEventListener(type, listener);
  });
}
