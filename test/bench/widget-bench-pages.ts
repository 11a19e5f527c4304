import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { BARE_CHAT_FILE } from './bare-chat-page/build-bare-chat.js';

/** Where a page puts the conversation, and which row says it is shown. */
export interface PageTarget {
  tokenUrl: string;
  task: string;
  participantToken: string;
  /** The page is done when at least this many messages are rendered… */
  rows: number;
  /** …and one of them has exactly this text (the element: the bubble's text; the baseline: the row's). */
  text: string;
}

/**
 * In-page stopwatch, shared by both pages so they are timed alike: `__watch(roots, rendered)` observes every
 * node `roots()` returns (new shadow roots are picked up as they appear) and resolves with `performance.now()`
 * (ms since navigation start) at the first DOM mutation after which `rendered()` holds. A frame loop re-checks
 * in case a root appears without a mutation the observer sees. `__resources()` reads resource timing for the
 * milestones on the way (scripts fetched, token answered, history answered). Plain JS: it runs in the page as it is.
 */
const WATCH_SCRIPT = `
window.__watch = (roots, rendered) => new Promise((resolve) => {
  const observed = new Set();
  let finished = false;
  const observer = new MutationObserver(() => check());
  const check = () => {
    if (finished) return;
    for (const root of roots()) {
      if (root && !observed.has(root)) {
        observed.add(root);
        observer.observe(root, { childList: true, subtree: true, characterData: true });
      }
    }
    if (!rendered()) return;
    finished = true;
    const at = performance.now();
    observer.disconnect();
    resolve(at);
  };
  const frame = () => { check(); if (!finished) requestAnimationFrame(frame); };
  frame();
});
window.__resources = () => {
  const entries = performance.getEntriesByType('resource');
  const js = entries.filter((e) => new URL(e.name).pathname.endsWith('.js'));
  const first = (test) => entries.find((e) => test(new URL(e.name).pathname))?.responseEnd ?? null;
  return {
    jsBytes: js.reduce((n, e) => n + e.encodedBodySize, 0),
    scriptsLoadedAt: js.length ? Math.max(...js.map((e) => e.responseEnd)) : null,
    tokenAt: first((p) => p.endsWith('/api/token')),
    historyAt: first((p) => p.startsWith('/chat/') && p.endsWith('/messages')),
  };
};
`;

const BOX = 'display:block;width:420px;height:600px';

function document(title: string, module: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title>
<body style="margin:16px"><script>${WATCH_SCRIPT}</script><script type="module">${module}</script></body></html>`;
}

/**
 * The element as a host page embeds it (default `loading`, in the viewport, so the loader imports the chat
 * chunk when it sees the element). `window.__done` resolves with `{appendedAt, renderedAt, ...__resources()}`.
 */
export function elementPage(t: PageTarget): string {
  const attributes = { task: t.task, 'token-url': t.tokenUrl, 'participant-token': t.participantToken };
  return document(
    'embedded-chat',
    `import '/dist/embedded-chat.js';
const t = ${JSON.stringify({ attributes, rows: t.rows, text: t.text })};
const el = document.createElement('embedded-chat');
for (const [name, value] of Object.entries(t.attributes)) el.setAttribute(name, value);
el.style.cssText = ${JSON.stringify(BOX)};
const appendedAt = performance.now();
document.body.append(el);
const view = () => el.shadowRoot?.querySelector('embedded-chat-view')?.shadowRoot;
window.__done = __watch(() => [el.shadowRoot, view()], () => {
  const bubbles = view()?.querySelectorAll('[role=log] article [part=bubble]') ?? [];
  if (bubbles.length < t.rows) return false;
  for (const b of bubbles) if (b.textContent.trim() === t.text) return true;
  return false;
}).then((renderedAt) => ({ appendedAt, renderedAt, ...__resources() }));`,
  );
}

/**
 * The baseline: a plain list filled by `openBareChat` (bare-chat-page/bare-chat.ts), no Lit and no element.
 * `window.__done` resolves like the element page's; `window.__bare` keeps the chat client alive.
 */
export function barePage(t: PageTarget & { all?: boolean }): string {
  const options = {
    tokenUrl: t.tokenUrl,
    task: t.task,
    participantToken: t.participantToken,
    all: t.all ?? false,
  };
  return document(
    'bare chat',
    `import { openBareChat } from '/bare/${BARE_CHAT_FILE}';
const t = ${JSON.stringify({ options, rows: t.rows, text: t.text })};
const list = document.createElement('ol');
list.setAttribute('role', 'log');
list.style.cssText = ${JSON.stringify(`${BOX};overflow:auto`)};
const appendedAt = performance.now();
document.body.append(list);
window.__bare = openBareChat(list, t.options);
window.__done = __watch(() => [list], () => {
  if (list.children.length < t.rows) return false;
  for (const li of list.children) if (li.textContent === t.text) return true;
  return false;
}).then((renderedAt) => ({ appendedAt, renderedAt, ...__resources() }));`,
  );
}

/** A page with nothing on it: the heap a renderer starts with. */
export function emptyPage(): string {
  return document(
    'empty',
    'window.__done = Promise.resolve({ appendedAt: 0, renderedAt: 0, ...__resources() });',
  );
}

/**
 * The host pages' origin (the backend is another): `/dist` is the element's build, `/bare` the baseline's
 * temp folder, `/page/<name>` the pages given to {@link PageServer.page}. Port 0 on loopback.
 */
export class PageServer {
  private constructor(
    private readonly _server: Server,
    readonly origin: string,
    private readonly _pages: Map<string, string>,
  ) {}

  static async start(distDir: string, bareDir: string): Promise<PageServer> {
    const app = express();
    const pages = new Map<string, string>();
    app.use('/dist', express.static(distDir));
    app.use('/bare', express.static(bareDir));
    app.get('/page/:name', (req, res) => {
      const html = pages.get(req.params.name);
      if (html === undefined) res.status(404).type('text').send('no such page');
      else res.type('html').send(html);
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new PageServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pages);
  }

  /** Serves `html` at the returned URL. */
  page(name: string, html: string): string {
    this._pages.set(name, html);
    return `${this.origin}/page/${encodeURIComponent(name)}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this._server.closeAllConnections();
      this._server.close(() => resolve());
    });
  }
}
