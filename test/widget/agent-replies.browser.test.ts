import { expect } from 'chai';
import { afterEach, before, describe, it } from '../support/browser/mocha-globals.js';
import { agentFor, closeAgents } from '../support/browser/agent-driver.js';
import { axeViolations, loadAxe } from './axe.js';
import { ANN, BOT, DANA, bubbleText, runArticle } from './agent-harness.js';
import {
  allByRole,
  byRole,
  chatStack,
  cleanUp,
  findByRole,
  mountChat,
  newTask,
  plain,
  typeAndSend,
  viewRoot,
  waitFor,
  waitUntilOffline,
  type ChatStack,
} from './element-harness.js';

/** Waits until the agent's bubble reads `text`. */
function waitForRunText(el: HTMLElement, text: string): Promise<HTMLElement> {
  return waitFor(() => (bubbleText(runArticle(el)) === text ? runArticle(el) : undefined), {
    what: `the agent's bubble to read "${text}"`,
  });
}

/** A support ticket with Ann (the customer), Dana (the human agent) and the help bot; Ann's chat open. */
async function ticket(): Promise<{ stack: ChatStack; task: string; ann: HTMLElement }> {
  const stack = await chatStack();
  const task = await newTask(stack, [ANN, DANA, BOT], 'Ticket 42', 'support');
  const ann = await mountChat(stack, task, ANN);
  return { stack, task, ann };
}

/** Waits until the message with `text` is confirmed (no longer pending); its serial. */
function sentSerial(el: HTMLElement, text: string): Promise<string> {
  return waitFor(
    () => {
      const article = allByRole(viewRoot(el), 'article').find((a) => bubbleText(a) === text);
      if (!article || article.classList.contains('pending')) return undefined;
      return article.closest<HTMLElement>('[data-index]')?.dataset.key;
    },
    { what: `"${text}" sent` },
  );
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Counts the view's renders from now on (a streaming reply must not cost one per append). */
function countRenders(el: HTMLElement): () => number {
  const view = el.shadowRoot!.querySelector('embedded-chat-view') as unknown as { render: () => unknown };
  const render = view.render.bind(view);
  let renders = 0;
  view.render = () => {
    renders++;
    return render();
  };
  return () => renders;
}

describe('agent replies', function () {
  this.timeout(30_000);
  before(loadAxe);
  afterEach(async () => {
    await cleanUp();
    await closeAgents();
  });

  it('grows the agent’s bubble in place as the run streams, without drawing the chat per append', async () => {
    const { stack, task, ann } = await ticket();
    typeAndSend(ann, 'Where is my order?');
    const inReplyTo = await sentSerial(ann, 'Where is my order?');
    const run = await agentFor(stack, { task, agentId: 'helpbot', userId: 'ann' }).start({ inReplyTo });

    const article = await waitFor(() => runArticle(ann), { what: 'the agent’s bubble' });
    expect(article.getAttribute('aria-label')).to.match(/^Help bot, \d/);
    expect(article.getAttribute('aria-busy')).to.equal('true');
    expect(article.querySelector('.badge')?.textContent).to.equal('bot');
    expect(plain(article.querySelector('.meta')?.textContent)).to.contain('Writing…');
    // Right after the message it follows.
    const articles = allByRole(viewRoot(ann), 'article');
    expect(bubbleText(articles.at(-2))).to.equal('Where is my order?');
    expect(articles.at(-1)).to.equal(article);
    // Told once, politely, that a reply is coming.
    await waitFor(
      () =>
        allByRole(viewRoot(ann), 'status').some((s) =>
          plain(s.textContent).includes('Help bot is writing a reply…'),
        ) || undefined,
      { what: 'the start told to screen readers' },
    );

    const renders = countRenders(ann);
    const words = 'Your order left our warehouse yesterday and should arrive on Friday.'.split(/(?<= )/);
    let expected = '';
    for (const word of words) {
      await run.append(word);
      expected += word;
      await waitForRunText(ann, expected.trim());
    }
    // The same bubble grew: no new article, and no render of the chat for each of the appends.
    expect(runArticle(ann)).to.equal(article);
    expect(renders(), 'renders during 12 appends').to.be.lessThan(3);
    expect(await axeViolations(ann)).to.deep.equal([]);
  });

  it('replaces the finished bubble by the agent’s reply exactly once, without a frame with neither or both', async () => {
    const { stack, task, ann } = await ticket();
    typeAndSend(ann, 'Can I change the address?');
    const inReplyTo = await sentSerial(ann, 'Can I change the address?');
    const run = await agentFor(stack, { task, agentId: 'helpbot', userId: 'ann' }).start({ inReplyTo });
    const text = 'Yes — open the order and choose “Change address” before it ships.';
    await run.append(text);
    await waitForRunText(ann, text);

    // Every DOM change from here on: how many bubbles show the reply's text (never 0 once shown, never 2).
    const log = allByRole(viewRoot(ann), 'log')[0]!;
    const seen: number[] = [];
    const count = () =>
      [...log.querySelectorAll('[part="bubble"]')].filter((b) => plain(b.textContent).trim() === text).length;
    const observer = new MutationObserver(() => seen.push(count()));
    observer.observe(log, { subtree: true, childList: true, characterData: true, attributes: true });
    await run.end('complete');
    await stack.sendAs({ task, userId: 'helpbot', text, metadata: { agentRun: run.runId } });
    await waitFor(() => !runArticle(ann) && count() === 1, { what: 'the reply in the bubble’s place' });
    observer.disconnect();

    expect(seen.length).to.be.greaterThan(0);
    expect(Math.min(...seen), 'a frame without the reply').to.equal(1);
    expect(Math.max(...seen), 'a frame with the reply twice').to.equal(1);
    const reply = allByRole(viewRoot(ann), 'article').at(-1)!;
    expect(reply.getAttribute('aria-busy')).to.equal(null);
    expect(reply.classList.contains('run')).to.equal(false);
    expect(reply.classList.contains('arrived'), 'the reply appears without an animation').to.equal(false);
    // Told once with the full text, as a message.
    await waitFor(
      () =>
        allByRole(viewRoot(ann), 'status').some((s) => plain(s.textContent).includes(`Help bot: ${text}`)) ||
        undefined,
      { what: 'the reply told to screen readers' },
    );
  });

  it('keeps a stopped run’s text, marked stopped, and says when a run failed', async () => {
    const { stack, task, ann } = await ticket();
    await stack.sendAs({ task, userId: 'ann', text: 'Research my order history' });
    const agent = agentFor(stack, { task, agentId: 'helpbot', userId: 'ann' });
    const stopped = await agent.start();
    await stopped.append('Looking through your orders');
    await waitForRunText(ann, 'Looking through your orders');
    await stopped.end('cancelled');
    await waitFor(() => runArticle(ann)?.classList.contains('cancelled') || undefined, { what: 'stopped' });
    const article = runArticle(ann)!;
    expect(bubbleText(article)).to.equal('Looking through your orders');
    expect(plain(article.querySelector('.meta')?.textContent)).to.match(/^\s*Stopped · \d/);
    expect(article.getAttribute('aria-busy')).to.equal('false');
    expect(allByRole(article, 'button', 'Stop')).to.have.length(0);
    await waitFor(
      () =>
        allByRole(viewRoot(ann), 'status').some((s) =>
          plain(s.textContent).includes('Help bot, stopped: Looking through your orders'),
        ) || undefined,
      { what: 'the stop told to screen readers' },
    );

    const failed = await agent.start();
    await failed.append('Checking');
    await failed.end('failed', 'The order service did not answer.');
    await waitFor(
      () =>
        allByRole(viewRoot(ann), 'article').find(
          (a) =>
            a.classList.contains('failed') &&
            a.textContent?.includes('The reply failed: The order service did not answer.'),
        ),
      { what: 'the failed run' },
    );
    // Both stay, in order, after the message they followed.
    const runs = allByRole(viewRoot(ann), 'article').filter((a) => a.classList.contains('run'));
    expect(runs.map((a) => bubbleText(a))).to.deep.equal(['Looking through your orders', 'Checking']);
  });

  it('offers Stop only to the person the run answers', async () => {
    const { stack, task, ann } = await ticket();
    const dana = await mountChat(stack, task, DANA);
    await stack.sendAs({ task, userId: 'ann', text: 'Hello?' });
    const run = await agentFor(stack, { task, agentId: 'helpbot', userId: 'ann' }).start();
    await run.append('Hi Ann');
    await waitForRunText(ann, 'Hi Ann');
    await waitForRunText(dana, 'Hi Ann');
    const stop = await findByRole(runArticle(ann)!, 'button', 'Stop');
    expect(stop.hasAttribute('disabled')).to.equal(false);
    expect(allByRole(runArticle(dana)!, 'button', 'Stop')).to.have.length(0);
  });

  it('resumes the growing bubble after the connection drops mid-run, with no gap and no repeat', async () => {
    const { stack, task, ann } = await ticket();
    await stack.sendAs({ task, userId: 'ann', text: 'Track my parcel' });
    const run = await agentFor(stack, { task, agentId: 'helpbot', userId: 'ann' }).start();
    await run.append('One');
    await waitForRunText(ann, 'One');
    await stack.blockConnections();
    await waitUntilOffline(ann);
    await run.append(' two');
    await run.append(' three');
    await stack.unblockConnections();
    // Reconnect now, as a person pressing the banner's Retry does (not at the SDK's next attempt).
    byRole(viewRoot(ann), 'button', 'Retry').click();
    await waitFor(() => bubbleText(runArticle(ann)) === 'One two three' || undefined, {
      what: 'the run resumed',
      timeoutMs: 15_000,
    });
    await run.append(' four');
    await waitForRunText(ann, 'One two three four');
  });

  it('keeps the list at the newest line while the reply grows only when the reader was there', async () => {
    const { stack, task, ann } = await ticket();
    await stack.seedHistory({ task, userId: 'dana', count: 30, text: 'Earlier' });
    await waitFor(
      () => allByRole(viewRoot(ann), 'article').some((a) => bubbleText(a) === 'Earlier 30') || undefined,
      {
        what: 'the history',
      },
    );
    const log = allByRole(viewRoot(ann), 'log')[0]!;
    const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight <= 2;
    const run = await agentFor(stack, { task, agentId: 'helpbot', userId: 'ann' }).start();
    const line = 'A longer line of the reply, long enough to wrap in a bubble of this chat. ';
    let text = '';
    for (let i = 0; i < 4; i++) {
      text += line;
      await run.append(line);
      await waitForRunText(ann, text.trim());
      await nextFrame();
      expect(atBottom(), `at the newest line after append ${i + 1}`).to.equal(true);
    }
    // Scrolled up a little to read: the growing reply (still drawn, near the screen) leaves the reader there.
    log.scrollTop = log.scrollHeight - log.clientHeight - 200;
    await nextFrame();
    await nextFrame();
    const reading = log.scrollTop;
    for (let i = 0; i < 3; i++) {
      text += line;
      await run.append(line);
      await waitForRunText(ann, text.trim());
      await nextFrame();
      expect(log.scrollTop, `still where the reader was after append ${i + 1}`).to.equal(reading);
      expect(atBottom()).to.equal(false);
    }
  });

  it('shows an agent opening an empty conversation, at the newest place', async () => {
    const { stack, task, ann } = await ticket();
    const run = await agentFor(stack, { task, agentId: 'helpbot', userId: 'ann' }).start();
    await run.append('Hi! I am the help bot.');
    await waitForRunText(ann, 'Hi! I am the help bot.');
    await stack.sendAs({ task, userId: 'ann', text: 'Hi' });
    await waitFor(() => allByRole(viewRoot(ann), 'article').length === 2 || undefined, { what: 'two rows' });
    await run.append(' How can I help?');
    await waitForRunText(ann, 'Hi! I am the help bot. How can I help?');
  });

  it('names Stop and the run’s states in the reader’s language', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, BOT], 'Ticket 42', 'support');
    const ann = await mountChat(stack, task, ANN, { attributes: { lang: 'es' } });
    await stack.sendAs({ task, userId: 'ann', text: '¿Dónde está mi pedido?' });
    const run = await agentFor(stack, { task, agentId: 'helpbot', userId: 'ann' }).start();
    await run.append('Su pedido');
    await waitForRunText(ann, 'Su pedido');
    await findByRole(runArticle(ann)!, 'button', 'Detener');
    expect(plain(runArticle(ann)!.querySelector('.meta')?.textContent)).to.contain('Escribiendo…');
  });
});
