/**
 * The built element as a host page on another origin uses it: `dist/` served by the backend, loaded by a
 * module or a classic script tag, lazily, under a strict CSP. Each case runs in an iframe of its own, so its
 * custom-element registry holds only what the page's script defined. Needs `npm run build`.
 */
import { expect } from 'chai';
import { watchCspViolations } from '../support/browser/csp-violations.js';
import { afterEach, describe, it } from '../support/browser/mocha-globals.js';
import { photo, upload } from './attachment-files.js';
import { chatStack, cleanUp, newTask, waitFor, type ChatStack, type Person } from './element-harness.js';

const ANN: Person = { userId: 'ann', role: 'customer', name: 'Ann' };
const frames: HTMLIFrameElement[] = [];

interface HostPage {
  frame: HTMLIFrameElement;
  win: Window;
  chat: HTMLElement;
}

/** An iframe whose document is `html`; resolves once it has loaded. */
async function hostPage(html: string, height = 600): Promise<HostPage> {
  const frame = document.createElement('iframe');
  frame.style.cssText = `width:460px;height:${height}px;border:0`;
  frames.push(frame);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.srcdoc = html;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow!;
  const chat = win.document.querySelector('embedded-chat') as HTMLElement;
  return { frame, win, chat };
}

/** The element as a host writes it; sized by a `style` attribute unless `sized` is false. */
async function element(stack: ChatStack, task: string, extra = '', sized = true): Promise<string> {
  const token = await stack.participantToken({ task, userId: ANN.userId, role: ANN.role, name: ANN.name });
  const style = sized ? ' style="display:block;width:420px;height:480px"' : '';
  return `<embedded-chat task="${task}" token-url="${stack.tokenUrl}" participant-token="${token}" ${extra}${style}></embedded-chat>`;
}

/**
 * A host page under a strict CSP — no inline script or style, nothing from elsewhere — with the element loaded
 * from the backend as a module, and `imgSrc` as its `img-src`; DevTools watches for violations from its first byte.
 */
async function strictCspPage(stack: ChatStack, task: string, imgSrc: string) {
  const backend = new URL(stack.backendUrl).origin;
  const ably = new URL(stack.ablyPublicUrl);
  const csp = [
    "default-src 'none'",
    `script-src ${backend}`,
    `connect-src ${backend} http://${ably.host} ws://${ably.host}`,
    "style-src 'self'",
    `img-src ${imgSrc.replace('<backend>', backend)}`,
    "font-src 'none'",
    "base-uri 'none'",
  ].join('; ');
  const watch = await watchCspViolations();
  const page = await hostPage(
    `<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp}"><body>${await element(stack, task, '', false)}
     <script type="module" src="${stack.backendUrl}/embedded-chat.js"></script>`,
  );
  return { page, watch };
}

/** The conversation log inside the element, once it shows `text`. */
function shows(page: HostPage, text: string, timeoutMs = 10_000): Promise<true> {
  return waitFor(
    () => {
      const view = page.chat.shadowRoot?.querySelector('embedded-chat-view')?.shadowRoot;
      return view?.querySelector('[role="log"]')?.textContent?.includes(text) || undefined;
    },
    { timeoutMs, what: `"${text}" in the element` },
  );
}

describe('embedding the built element', function () {
  this.timeout(30_000);
  afterEach(async () => {
    for (const f of frames.splice(0)) f.remove();
    await cleanUp();
  });

  for (const kind of ['module', 'classic'] as const) {
    it(`works from another origin through a ${kind} script tag`, async () => {
      const stack = await chatStack({ serveBuiltElement: true });
      expect(new URL(stack.backendUrl).origin).not.to.equal(location.origin);
      const task = await newTask(stack, [ANN]);
      await stack.sendAs({ task, userId: 'ann', text: `hello from ${kind}` });
      const type = kind === 'module' ? ' type="module"' : '';
      const page = await hostPage(
        `<!doctype html><body>${await element(stack, task)}<script${type} src="${stack.backendUrl}/embedded-chat.js"></script>`,
      );
      await shows(page, `hello from ${kind}`);
      expect(page.win.customElements.get('embedded-chat')).to.be.a('function');
    });
  }

  it('runs under a strict CSP with no inline script or style and nothing fetched from elsewhere', async () => {
    const stack = await chatStack({ serveBuiltElement: true });
    const task = await newTask(stack, [ANN]);
    await stack.sendAs({ task, userId: 'ann', text: 'under CSP' });
    // DevTools reports every violation of the host page from its first byte: the parser, the module
    // scripts, the upgrade, the skeleton and the chat. The host page itself has no inline style or script.
    const { page, watch } = await strictCspPage(stack, task, "'none'");
    await shows(page, 'under CSP');
    expect(await watch.collect(page.win.document)).to.deep.equal([]);
  });

  it('shows a photo under the strict CSP when img-src names the backend, as docs/embedding.md §9 says', async () => {
    const stack = await chatStack({ serveBuiltElement: true });
    const task = await newTask(stack, [ANN]);
    const vase = await upload(stack, task, ANN, await photo());
    await stack.sendAs({ task, userId: 'ann', text: 'photo under CSP', metadata: { attachments: [vase] } });
    const { page, watch } = await strictCspPage(stack, task, '<backend> blob:');
    await shows(page, 'photo under CSP');
    await waitFor(
      () => {
        const view = page.chat.shadowRoot?.querySelector('embedded-chat-view')?.shadowRoot;
        const img = view?.querySelector<HTMLImageElement>('button.photo img');
        return (img?.complete && img.naturalWidth > 0) || undefined;
      },
      { timeoutMs: 10_000, what: 'the thumbnail loaded' },
    );
    // The previous test's canary image can be reported once more when its frame goes: not this page's.
    const violations = await watch.collect(page.win.document);
    expect(violations.filter((v) => !String(v.blockedUrl).includes('/csp-canary-'))).to.deep.equal([]);
  });

  it('paints the skeleton at once and imports the chat only when the element nears the viewport', async () => {
    const stack = await chatStack({ serveBuiltElement: true });
    const task = await newTask(stack, [ANN]);
    await stack.sendAs({ task, userId: 'ann', text: 'lazy hello' });
    const page = await hostPage(
      `<!doctype html><body style="margin:0"><div style="height:3000px"></div>${await element(stack, task)}
       <script type="module" src="${stack.backendUrl}/embedded-chat.js"></script>`,
      400,
    );
    await waitFor(() => page.chat.shadowRoot?.querySelector('[role="status"]') || undefined, {
      what: 'skeleton',
    });
    const chunks = () =>
      page.win.performance.getEntriesByType('resource').filter((e) => e.name.includes('/chunks/')).length;
    expect(chunks(), 'chunks before the element is near').to.equal(0);
    expect(page.chat.getBoundingClientRect().height).to.equal(480);
    page.chat.scrollIntoView();
    await shows(page, 'lazy hello');
    expect(chunks()).to.be.greaterThan(0);
    expect(page.chat.getBoundingClientRect().height, 'no layout shift').to.equal(480);
  });
});
