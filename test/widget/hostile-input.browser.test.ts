import { expect } from 'chai';
import { afterEach, describe, it } from '../support/browser/mocha-globals.js';
import {
  allByRole,
  byRole,
  chatStack,
  cleanUp,
  mountChat,
  newTask,
  scrollThrough,
  viewRoot,
  waitForText,
  type Person,
} from './element-harness.js';

declare global {
  interface Window {
    __pwned?: number;
  }
}

const MALLORY: Person = {
  userId: 'mallory',
  role: 'buyer',
  // Markup and right-to-left text in a display name (the backend refuses bidi overrides in names).
  name: '<img src=x onerror="window.__pwned=1"> مالوري',
};
const ANN: Person = { userId: 'ann', role: 'seller', name: 'Ann' };

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '<svg><animate onbegin="window.__pwned=3" attributeName="x" dur="1s"/></svg>',
  'javascript:window.__pwned=4',
  'click [here](javascript:window.__pwned=5) or data:text/html,<script>window.__pwned=6</script>',
  '"><iframe srcdoc="<script>parent.__pwned=7</script>">',
  'see https://example.com/a?b=1&c=2#x, <https://example.com/wrapped> and mailto:help@example.com or ann@example.com.',
  `{{constructor.constructor('window.__pwned=8')()}} \${window.__pwned=9}`,
  'reordered \u202Etxet\u202C text',
  'x'.repeat(4000),
];

describe('hostile text in messages and names', function () {
  this.timeout(30_000);
  afterEach(cleanUp);

  it('renders everything as text, links only http/https/mailto safely, and wraps long words', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [MALLORY, ANN]);
    for (const text of PAYLOADS) await stack.sendAs({ task, userId: 'mallory', text });
    const ann = await mountChat(stack, task, ANN);
    await waitForText(ann, PAYLOADS.at(-1)!);
    const root = viewRoot(ann);

    expect(window.__pwned, 'an injected script ran').to.equal(undefined);
    // Every row, scrolled through: no markup made it into the DOM, every payload is there as text.
    const texts = new Map<number, string>();
    const links = new Map<string, HTMLAnchorElement>();
    let namesSeen = 0;
    await scrollThrough(ann, (list) => {
      // The name is text too, isolated so its RTL override cannot reorder the line around it.
      for (const name of list.querySelectorAll('.author .name')) {
        expect(name.textContent).to.equal(MALLORY.name);
        expect(getComputedStyle(name).unicodeBidi).to.equal('isolate');
        namesSeen++;
      }
      expect(root.querySelectorAll('img, script, iframe, svg animate, [onerror], [onbegin]')).to.have.length(
        0,
      );
      for (const item of list.querySelectorAll<HTMLElement>('[data-index]')) {
        texts.set(Number(item.dataset.index), item.querySelector('article')?.textContent ?? '');
      }
      for (const a of allByRole(list, 'link') as HTMLAnchorElement[]) links.set(a.getAttribute('href')!, a);
    });
    for (const text of PAYLOADS.slice(0, 6)) {
      expect(
        [...texts.values()].some((t) => t.includes(text)),
        text,
      ).to.equal(true);
    }
    expect([...links.keys()]).to.deep.equal([
      'https://example.com/a?b=1&c=2#x',
      'https://example.com/wrapped',
      'mailto:help@example.com',
      'mailto:ann@example.com',
    ]);
    for (const a of links.values()) {
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer nofollow ugc');
      expect(a.getAttribute('target')).to.equal('_blank');
    }

    expect(namesSeen, 'author lines seen').to.be.greaterThan(0);

    // A 4000-character word wraps inside the list instead of widening it.
    const list = byRole(root, 'log', 'Messages');
    expect(list.scrollWidth).to.be.at.most(list.clientWidth + 1);
  });
});
