import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { BARE_CHAT_FILE } from './bare-chat-page/build-bare-chat.js';
import { PAGE_SCRIPT } from './widget-bench-page-script.js';

/** The conversation a page opens, and the message that says it is shown. */
export interface PageTarget {
  tokenUrl: string;
  task: string;
  participantToken: string;
  /** The newest message's text: the page is rendered when a row shows exactly this. */
  newest: string;
}

const BOX = 'display:block;width:420px;height:600px';

/**
 * `__find` looks at this many of the newest rows only (the newest message is the last row; a row arriving
 * while the list is at its newest, too), so the bench's own checks cost the same at 50 messages as at 5,000.
 */
const NEWEST_ROWS = 5;

function document(title: string, module: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title>
<body style="margin:16px"><script>${PAGE_SCRIPT}</script><script type="module">
const NEWEST_ROWS = ${NEWEST_ROWS};
${module}</script></body></html>`;
}

/**
 * What both pages resolve `window.__done` with once the newest message's text is in the DOM: when the page
 * appended the element (or the list), when it rendered, when the code that opens the chat had been evaluated
 * (`__codeAt`: the element's chat chunk defined its view; the baseline's module started), whether that row was inside the list's visible box
 * then, how many rows the DOM held, and `__resources()`. Plain JS, after the page's own definitions.
 */
const DONE = `
const onScreen = (row) => {
  const log = window.__log();
  if (!row || !log) return false;
  const r = row.getBoundingClientRect();
  const box = log.getBoundingClientRect();
  return r.height > 0 && r.bottom > box.top && r.top < box.bottom && box.bottom > 0 && box.top < innerHeight;
};
window.__done = __watch(window.__roots, () => window.__find(t.newest) !== null).then((renderedAt) => ({
  appendedAt,
  renderedAt,
  codeAt: window.__codeAt ?? null,
  newestOnScreen: onScreen(window.__find(t.newest)),
  rows: window.__rows(),
  ...__resources(),
}));`;

/** The element's two entries: the small loader, and the loader with the chat in one file. */
export type ElementEntry = 'embedded-chat.js' | 'embedded-chat.eager.js';

/**
 * The element as a host page embeds it: the tag in the page (default `loading`, in the viewport), then the
 * script — `entry`, the loader `embedded-chat.js` (it imports the chat chunk when it sees the element) or
 * `embedded-chat.eager.js` (the loader and the chat in one file, defining the element before the rest of it
 * runs). Rows are `[role=log] [data-index]` items in the view's shadow root;
 * `window.__interactive` resolves when the chunk loaded after the first paint has drawn the participants button.
 */
export function elementPage(t: PageTarget, entry: ElementEntry = 'embedded-chat.js'): string {
  const attributes = { task: t.task, 'token-url': t.tokenUrl, 'participant-token': t.participantToken };
  return document(
    'embedded-chat',
    `customElements.whenDefined('embedded-chat-view').then(() => { window.__codeAt = performance.now(); });
const t = ${JSON.stringify({ attributes, newest: t.newest })};
const el = document.createElement('embedded-chat');
for (const [name, value] of Object.entries(t.attributes)) el.setAttribute(name, value);
el.style.cssText = ${JSON.stringify(BOX)};
const view = () => el.shadowRoot?.querySelector('embedded-chat-view')?.shadowRoot;
window.__roots = () => [el.shadowRoot, view()];
window.__log = () => view()?.querySelector('[role=log]') ?? null;
window.__rows = () => view()?.querySelectorAll('[role=log] [data-index]').length ?? 0;
window.__find = (text) => {
  const log = window.__log();
  for (let row = log?.lastElementChild, seen = 0; row && seen < NEWEST_ROWS; row = row.previousElementSibling) {
    if (!row.hasAttribute('data-index')) {
      if (seen > 0) break;
      continue; // the spacer below the drawn rows
    }
    seen++;
    // By class: an attribute selector costs far more in Chromium once the list holds many nodes.
    const bubble = row.querySelector('.bubble');
    if (bubble?.textContent.trim() === text) return bubble;
  }
  return null;
};
// All history is loaded when the list is not fetching and its top edge says the conversation starts there.
window.__allLoaded = () => {
  const log = window.__log();
  const edge = log?.querySelector('.history-edge');
  return log?.getAttribute('aria-busy') === 'false' && Boolean(edge?.textContent.trim());
};
/** Rows in the conversation: the newest drawn row's index + 1 (read at the bottom). */
window.__loaded = () => {
  const rows = view()?.querySelectorAll('[role=log] [data-index]') ?? [];
  return rows.length ? Number(rows[rows.length - 1].dataset.index) + 1 : 0;
};
const appendedAt = performance.now();
document.body.append(el);
${DONE}
import('/dist/${entry}');
window.__interactive = window.__done.then(() =>
  __watch(window.__roots, () => Boolean(view()?.querySelector('header button[aria-haspopup=dialog]'))));`,
  );
}

/**
 * The baseline: a plain list filled by `openBareChat` (bare-chat-page/bare-chat.ts) with the latest `count`
 * messages (default 50), no Lit and no element. `window.__bare` resolves when they are all written and keeps
 * the chat client alive.
 */
export function barePage(t: PageTarget & { count?: number }): string {
  const options = {
    tokenUrl: t.tokenUrl,
    task: t.task,
    participantToken: t.participantToken,
    ...(t.count === undefined ? {} : { count: t.count }),
  };
  return document(
    'bare chat',
    `import { openBareChat } from '/bare/${BARE_CHAT_FILE}';
window.__codeAt = performance.now();
const t = ${JSON.stringify({ options, newest: t.newest })};
const list = document.createElement('ol');
list.setAttribute('role', 'log');
list.style.cssText = ${JSON.stringify(`${BOX};overflow:auto`)};
window.__roots = () => [list];
window.__log = () => list;
window.__rows = () => list.children.length;
window.__find = (text) => {
  for (let li = list.lastElementChild, seen = 0; li && seen < NEWEST_ROWS; li = li.previousElementSibling, seen++)
    if (li.textContent === text) return li;
  return null;
};
window.__allLoaded = () => true;
window.__loaded = () => list.children.length;
const appendedAt = performance.now();
document.body.append(list);
window.__bare = openBareChat(list, t.options);
${DONE}`,
  );
}

/** A page with nothing on it: the heap a renderer starts with. */
export function emptyPage(): string {
  return document('empty', 'window.__done = Promise.resolve({});');
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
