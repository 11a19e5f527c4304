import { executeServerCommand } from '@web/test-runner-commands';
import { expect } from 'chai';
import { EmbeddedChatErrorEvent } from '../../../widget/index.js';
import { LOADING } from '../../../widget/i18n/loading.js';
import { NETWORK_COMMANDS } from '../../support/browser/network-commands-plugin.js';
import { afterEach, describe, it } from '../../support/browser/mocha-globals.js';
import { chatStack, cleanUp, newTask, waitFor, type Person } from '../element-harness.js';

const ANN: Person = { userId: 'ann', role: 'customer', name: 'Ann' };

/** The skeleton the loader paints at once (before the chat arrives), in the element's own shadow root. */
const skeleton = (el: HTMLElement) => el.shadowRoot?.querySelector<HTMLElement>('.skeleton');

/** An element for `task` that loads the chat as soon as it joins the page (not yet in it). */
function eagerElement(task: string, tokenUrl: string): HTMLElement {
  const el = document.createElement('embedded-chat');
  el.setAttribute('task', task);
  el.setAttribute('token-url', tokenUrl);
  el.setAttribute('loading', 'eager');
  return el;
}

describe('the loader', function () {
  this.timeout(30_000);
  afterEach(async () => {
    await executeServerCommand(NETWORK_COMMANDS.unblock, { pattern: '**/embedded-chat-view.*' });
    await cleanUp();
    document.querySelectorAll('body > div').forEach((d) => d.remove());
  });

  it('names its skeleton in the page’s language, and again when the element’s language changes', () => {
    const box = document.createElement('div');
    box.lang = 'ar';
    // Far below the viewport: the chat is not loaded, only the skeleton is there.
    box.style.cssText = 'position:absolute;top:5000px';
    document.body.append(box);
    const el = document.createElement('embedded-chat');
    box.append(el);
    expect(skeleton(el)?.getAttribute('role')).to.equal('status');
    expect(skeleton(el)?.getAttribute('aria-label')).to.equal(LOADING.ar);
    el.setAttribute('lang', 'es');
    expect(skeleton(el)?.getAttribute('aria-label')).to.equal(LOADING.es);
    el.setAttribute('lang', 'fr');
    expect(skeleton(el)?.getAttribute('aria-label'), 'a language without a table').to.equal(LOADING.en);
  });

  it('fires an EmbeddedChatErrorEvent (code 0, with a remediation) when the chat itself cannot be downloaded', async () => {
    await executeServerCommand(NETWORK_COMMANDS.block, { pattern: '**/embedded-chat-view.*' });
    const stack = await chatStack();
    const task = await newTask(stack, [ANN]);
    const el = eagerElement(task, stack.tokenUrl);
    const failed = new Promise<Event>((resolve) =>
      el.addEventListener('embedded-chat-error', resolve, { once: true }),
    );
    document.body.append(el);
    const event = await failed;
    expect(event).to.be.instanceOf(EmbeddedChatErrorEvent);
    const { detail } = event as EmbeddedChatErrorEvent;
    expect(detail.code).to.equal(0);
    expect(detail.message).to.match(/^unable to load the chat; /);
    expect(detail.remediation).to.be.a('string');
    // The skeleton stays, marked failed (dimmed), in place of a chat that never came.
    await waitFor(() => skeleton(el)?.hasAttribute('data-failed') || undefined, {
      what: 'the skeleton marked',
    });
  });

  // After the test above: that one needs the chat not downloaded yet.
  it('sends its token request within append() when its participant token is an attribute, and opens with it', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN]);
    const el = eagerElement(task, stack.tokenUrl);
    el.setAttribute('participant-token', await stack.participantToken({ task, ...ANN }));
    const ready = new Promise((resolve) =>
      el.addEventListener('embedded-chat-ready', resolve, { once: true }),
    );
    const native = window.fetch;
    const asked: string[] = [];
    window.fetch = (input, init) => {
      asked.push(input instanceof Request ? input.url : String(input));
      return native(input, init);
    };
    try {
      document.body.append(el);
      // No promise turn yet: the eager entry defines the element while its file is still being evaluated, and a
      // request sent a turn later would wait for the rest of the file.
      expect(asked, 'sent within append()').to.deep.equal([stack.tokenUrl]);
      await ready;
      expect(
        asked.filter((url) => url === stack.tokenUrl),
        'the prefetched token used',
      ).to.have.length(1);
    } finally {
      window.fetch = native;
    }
  });
});
