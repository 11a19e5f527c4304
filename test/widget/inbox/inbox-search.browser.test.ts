import { expect } from 'chai';
import { afterEach, before, describe, it } from '../../support/browser/mocha-globals.js';
import { axeViolations, loadAxe } from '../axe.js';
import { chatStack, cleanUp, newTask, waitFor } from '../element-harness.js';
import { ANN, SAM, badge, inboxRoot, mountInbox, rowsOf, titles, unmountInboxes } from './inbox-harness.js';

/** The title search box, by its role and accessible name. */
function searchBox(el: HTMLElement, name = 'Search conversations'): HTMLInputElement {
  const root = inboxRoot(el);
  const box = root.querySelector<HTMLInputElement>('[role="search"] input[type="search"]');
  if (!box || box.getAttribute('aria-label') !== name) throw new Error(`no search box named ${name}`);
  return box;
}

/** Types `text` one character at a time, as fast as a person can't. */
function type(box: HTMLInputElement, text: string): void {
  for (const char of text) {
    box.value += char;
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
}

/** Counts the page's `POST …/api/inbox` requests while the test runs. */
function countInboxRequests(): { count: () => number; restore: () => void } {
  const original = window.fetch;
  let count = 0;
  window.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes('/api/inbox')) count++;
    return original(input, init);
  };
  return { count: () => count, restore: () => (window.fetch = original) };
}

const shownTitles = (el: HTMLElement) =>
  waitFor(async () => titles(await rowsOf(el)).join(' | '), { what: 'the rows' });

describe('<embedded-chat-inbox> title search', function () {
  this.timeout(40_000);
  before(loadAxe);
  let requests: ReturnType<typeof countInboxRequests> | undefined;
  afterEach(async () => {
    requests?.restore();
    requests = undefined;
    unmountInboxes();
    await cleanUp();
  });

  it('reads the list again once typing pauses, ignoring case and accents, and clears with its button or Escape', async () => {
    const stack = await chatStack({ inbox: true });
    await newTask(stack, [ANN, SAM], 'Blue bike');
    await newTask(stack, [ANN, SAM], 'Café crème order');
    await newTask(stack, [ANN, SAM], 'Blue vase');
    const { el } = await mountInbox(stack, SAM);
    expect(await shownTitles(el)).to.equal('Blue vase | Café crème order | Blue bike');
    requests = countInboxRequests();
    const box = searchBox(el);
    type(box, 'BLUE');
    await waitFor(async () => ((await shownTitles(el)) === 'Blue vase | Blue bike' ? true : undefined), {
      what: 'the two blue tasks',
    });
    // Four keystrokes, one request.
    expect(requests.count()).to.equal(1);
    expect(await axeViolations(el)).to.deep.equal([]);

    const clear = inboxRoot(el).querySelector<HTMLButtonElement>('button[aria-label="Clear search"]')!;
    clear.click();
    await waitFor(async () => ((await shownTitles(el)).split(' | ').length === 3 ? true : undefined), {
      what: 'every task again',
    });
    expect(box.value).to.equal('');
    await waitFor(() => (inboxRoot(el).activeElement === box ? true : undefined), {
      what: 'focus in the box',
    });
    expect(inboxRoot(el).querySelector('button[aria-label="Clear search"]')).to.equal(null);

    type(box, 'cafe');
    await waitFor(async () => ((await shownTitles(el)) === 'Café crème order' ? true : undefined), {
      what: 'the accented title',
    });
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await waitFor(async () => ((await shownTitles(el)).split(' | ').length === 3 ? true : undefined), {
      what: 'every task after Escape',
    });

    type(box, 'zebra');
    const empty = await waitFor(() => inboxRoot(el).querySelector('.state[role="status"]') ?? undefined, {
      what: 'the no-match state',
    });
    expect(empty.textContent!.trim()).to.equal('No conversations match “zebra”');
  });

  it('applies live updates to the searched list: a matching task moves up with its badge, another is not added', async () => {
    const stack = await chatStack({ inbox: true });
    const bike = await newTask(stack, [ANN, SAM], 'Blue bike');
    const lamp = await newTask(stack, [ANN, SAM], 'Red lamp');
    await newTask(stack, [ANN, SAM], 'Blue vase');
    const { el, unread } = await mountInbox(stack, SAM);
    type(searchBox(el), 'blue');
    await waitFor(async () => ((await shownTitles(el)) === 'Blue vase | Blue bike' ? true : undefined));

    await stack.sendAs({ task: lamp, userId: 'ann', text: 'Is the lamp still there?' });
    // The update arrived (the total counts it), and the lamp is still not listed.
    await waitFor(() => (unread.at(-1)?.total === 1 ? true : undefined), { what: 'the lamp counted' });
    expect(await shownTitles(el)).to.equal('Blue vase | Blue bike');

    await stack.sendAs({ task: bike, userId: 'ann', text: 'And the bike?' });
    const rows = await waitFor(
      async () => {
        const found = await rowsOf(el);
        return titles(found).join(' | ') === 'Blue bike | Blue vase' && badge(found[0]) === '1'
          ? found
          : undefined;
      },
      { what: 'Blue bike on top with 1 unread' },
    );
    expect(rows).to.have.length(2);
    expect(unread.at(-1)!.total).to.equal(2);
    // Only the searched list's rows are in the event's tasks; the total is the user's whole inbox.
    expect(unread.at(-1)!.tasks).to.deep.equal([{ task: bike, unread: 1 }]);
  });

  it('names the search box and its clear button in Spanish and Arabic, mirrored right to left', async () => {
    const stack = await chatStack({ inbox: true });
    await newTask(stack, [ANN, SAM], 'Blue bike');
    const { el: es } = await mountInbox(stack, SAM, { attributes: { lang: 'es' } });
    type(searchBox(es, 'Buscar conversaciones'), 'x');
    await waitFor(() => inboxRoot(es).querySelector('button[aria-label="Borrar la búsqueda"]') ?? undefined, {
      what: 'the Spanish clear button',
    });
    const { el: ar } = await mountInbox(stack, SAM, { attributes: { lang: 'ar' } });
    const box = searchBox(ar, 'البحث في المحادثات');
    type(box, 'x');
    await waitFor(() => inboxRoot(ar).querySelector('button[aria-label="مسح البحث"]') ?? undefined, {
      what: 'the Arabic clear button',
    });
    const view = ar.shadowRoot!.querySelector('embedded-chat-inbox-view')!;
    expect(view.getAttribute('dir')).to.equal('rtl');
    // The magnifier sits at the inline start: on the right in Arabic.
    const icon = inboxRoot(ar).querySelector('.search-icon')!.getBoundingClientRect();
    const field = box.getBoundingClientRect();
    expect(icon.left).to.be.greaterThan(field.left + field.width / 2);
    expect(await axeViolations(ar)).to.deep.equal([]);
  });
});
