/** Drives `<embedded-chat-inbox>` in Chromium as a host page and a person would (docs/element.md §7). */
import type { InboxUnreadDetail } from '../../../widget/events/inbox-unread-event.js';
import { waitFor, type ChatStack, type Person } from '../element-harness.js';

export const ANN: Person = { userId: 'ann', role: 'buyer', name: 'Ann Lee' };
export const SAM: Person = { userId: 'sam', role: 'seller', name: 'Sam Park' };
export const DANA: Person = { userId: 'dana', role: 'agent', name: 'Dana Ortiz' };

const mounted: HTMLElement[] = [];

/** `<embedded-chat-inbox>` for `person`, as a host page writes it, in a box of `width`×`height`. */
export async function mountInbox(
  stack: ChatStack,
  person: Person,
  options: { width?: number; height?: number; attributes?: Record<string, string> } = {},
) {
  const el = document.createElement('embedded-chat-inbox');
  el.setAttribute('token-url', stack.tokenUrl);
  el.getUserToken = () => stack.userToken({ userId: person.userId });
  for (const [name, value] of Object.entries(options.attributes ?? {})) el.setAttribute(name, value);
  el.style.cssText = `display:block;width:${options.width ?? 420}px;height:${options.height ?? 560}px`;
  const unread: InboxUnreadDetail[] = [];
  const selected: string[] = [];
  el.addEventListener('embedded-chat-inbox-unread', (e) => unread.push(e.detail));
  el.addEventListener('embedded-chat-inbox-select', (e) => selected.push(e.detail.task));
  document.body.append(el);
  mounted.push(el);
  await rowsOf(el);
  return { el, unread, selected };
}

export function inboxRoot(el: HTMLElement): ShadowRoot {
  const view = el.shadowRoot?.querySelector('embedded-chat-inbox-view');
  if (!view?.shadowRoot) throw new Error('the inbox view is not rendered yet');
  return view.shadowRoot;
}

/** The rows (options of the "Conversations" listbox) once there is a list. */
export function rowsOf(el: HTMLElement): Promise<HTMLElement[]> {
  return waitFor(
    () => {
      const root = el.shadowRoot?.querySelector('embedded-chat-inbox-view')?.shadowRoot;
      const list = root?.querySelector('[role="listbox"]');
      return list ? [...list.querySelectorAll<HTMLElement>('[role="option"]')] : undefined;
    },
    { what: 'the inbox list' },
  );
}

export const titles = (rows: HTMLElement[]) =>
  rows.map((r) => r.querySelector('.title')!.textContent!.trim());
export const badge = (row: HTMLElement | undefined) =>
  row?.querySelector('.badge')?.textContent?.trim() ?? '';

/** Removes every inbox {@link mountInbox} put on the page. */
export function unmountInboxes(): void {
  for (const el of mounted.splice(0)) el.remove();
}
