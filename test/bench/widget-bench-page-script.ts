/**
 * What the widget bench's pages run before anything else (a classic script at the top of the body), the same on
 * the element's page and the baseline's, so both are timed alike. Plain JS: it runs in the page as it is.
 *
 * Each page then defines what differs: `__roots()` (the nodes to observe; shadow roots as they appear),
 * `__find(text)` (among the newest rows, the one showing exactly `text`, or null), `__log()` (the scrolling list),
 * `__rows()` (message rows in the DOM), `__loaded()` (messages in the conversation, read at the bottom) and
 * `__allLoaded()` (the whole conversation is loaded).
 *
 * - `__watch(roots, test)`: resolves with `performance.now()` (ms since navigation start) at the first DOM
 *   mutation under `roots()` after which `test()` holds; a frame loop re-checks for roots appearing without a
 *   mutation the observer sees.
 * - A WebSocket tap notes when the socket opened, the first CONNECTED (action 4) and ATTACHED (action 11)
 *   protocol messages (ably-js without the MessagePack plugin speaks JSON), and when a frame carrying an
 *   expected text arrived (`__arrival`). Its listeners are added in the constructor, before ably-js sets its
 *   own `onmessage`, so they run first in the same task.
 * - Long tasks (PerformanceObserver 'longtask', > 50 ms) from the first script on: `__longTasks()`.
 * - `__resources()`: scripts fetched (path, encoded bytes, start, end), the token and first history requests
 *   (start, end), the socket's marks and the long tasks so far.
 * - `__arrival(text)`: resolves once a message showing `text` is in the DOM and the next frame has been
 *   drawn (a MessageChannel message posted from that frame's requestAnimationFrame runs after it), with the
 *   time its frame arrived, the time it was in the DOM and the time after that frame.
 * - `__pageBack(limitMs)`: scrolls the list to the top every two frames, as a reader does, until
 *   `__allLoaded()`.
 * - `__scrollThrough(limitMs)`: from the top to the bottom, one screen (the list's height) every two frames;
 *   counts long tasks and the longest interval between frames meanwhile.
 * - `__countNodes()`: nodes in the document, shadow trees included, and how many of them are comments.
 */
export const PAGE_SCRIPT = `
(() => {
  const marks = { wsOpened: null, connected: null, attached: null };
  let expected = null;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => { marks.wsOpened ??= performance.now(); });
      this.addEventListener('message', (event) => {
        const at = performance.now();
        if (typeof event.data !== 'string') return;
        if (marks.attached === null) {
          let action;
          try { action = JSON.parse(event.data).action; } catch { action = undefined; }
          if (action === 4) marks.connected ??= at;
          if (action === 11) marks.attached = at;
        }
        if (expected && expected.frameAt === null && event.data.includes(expected.text)) expected.frameAt = at;
      });
    }
  };

  const longTasks = [];
  const taskObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  });
  taskObserver.observe({ type: 'longtask' });
  window.__longTasks = () => {
    for (const e of taskObserver.takeRecords()) longTasks.push({ start: e.startTime, duration: e.duration });
    return longTasks.slice();
  };

  window.__watch = (roots, test) => new Promise((resolve) => {
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
      if (!test()) return;
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
    const path = (e) => new URL(e.name).pathname;
    const span = (e) => (e ? { start: e.startTime, end: e.responseEnd } : null);
    return {
      scripts: entries
        .filter((e) => path(e).endsWith('.js'))
        .map((e) => ({ path: path(e), bytes: e.encodedBodySize, start: e.startTime, end: e.responseEnd })),
      token: span(entries.find((e) => path(e).endsWith('/api/token'))),
      history: span(entries.find((e) => path(e).startsWith('/chat/') && path(e).endsWith('/messages'))),
      marks: { ...marks },
      longTasks: window.__longTasks(),
    };
  };

  let lastFrame = null;
  /** Waits n frames; resolves with the longest interval between frames seen (from the previous wait's last). */
  const frames = (n) => new Promise((resolve) => {
    let longest = 0;
    const step = (now) => {
      if (lastFrame !== null) longest = Math.max(longest, now - lastFrame);
      lastFrame = now;
      if (--n <= 0) resolve(longest);
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });

  window.__arrival = (text) => {
    const arrival = { text, frameAt: null };
    expected = arrival;
    return window.__watch(window.__roots, () => window.__find(text) !== null).then((domAt) =>
      new Promise((resolve) => {
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            expected = null;
            resolve({ frameAt: arrival.frameAt, domAt, paintedAt: performance.now() });
          };
          channel.port2.postMessage(null);
        });
      }));
  };

  window.__pageBack = async (limitMs) => {
    const started = performance.now();
    const firstTask = window.__longTasks().length;
    let scrolls = 0;
    while (!window.__allLoaded()) {
      if (performance.now() - started > limitMs) throw new Error('not all history loaded after ' + limitMs + ' ms of scrolling to the top');
      window.__log().scrollTop = 0;
      await frames(2);
      scrolls++;
    }
    const tasks = window.__longTasks().slice(firstTask);
    return {
      ms: performance.now() - started,
      scrolls,
      longTasks: tasks.length,
      longestTaskMs: tasks.length ? Math.max(...tasks.map((t) => t.duration)) : null,
    };
  };

  window.__scrollThrough = async (limitMs) => {
    const log = window.__log();
    log.scrollTop = 0;
    await frames(3);
    const started = performance.now();
    const firstTask = window.__longTasks().length;
    let steps = 0;
    let longestFrameMs = 0;
    while (log.scrollTop + log.clientHeight < log.scrollHeight - 1) {
      if (performance.now() - started > limitMs) throw new Error('not at the bottom after ' + limitMs + ' ms of scrolling');
      log.scrollTop += log.clientHeight;
      longestFrameMs = Math.max(longestFrameMs, await frames(2));
      steps++;
    }
    longestFrameMs = Math.max(longestFrameMs, await frames(3));
    const ms = performance.now() - started;
    // Long-task entries are delivered after their task: give the last ones a moment.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const tasks = window.__longTasks().slice(firstTask).filter((t) => t.start < started + ms);
    return {
      steps,
      ms,
      scrollHeight: log.scrollHeight,
      longTasks: tasks.length,
      longestTaskMs: tasks.length ? Math.max(...tasks.map((t) => t.duration)) : null,
      longestFrameMs,
    };
  };

  window.__countNodes = () => {
    let all = 0;
    let comments = 0;
    const walk = (root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
      for (let node = walker.currentNode; node; node = walker.nextNode()) {
        all++;
        if (node.nodeType === Node.COMMENT_NODE) comments++;
        if (node.shadowRoot) walk(node.shadowRoot);
      }
    };
    walk(document);
    return { domNodesInTree: all, commentNodesInTree: comments };
  };
})();
`;
