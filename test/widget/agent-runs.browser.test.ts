import { expect } from 'chai';
import { afterEach, describe, it } from '../support/browser/mocha-globals.js';
import { closeAgents, httpRun } from '../support/browser/agent-driver.js';
import { ANN, BOT, DANA, bubbleText, runArticle } from './agent-harness.js';
import {
  allByRole,
  chatStack,
  cleanUp,
  findByRole,
  mountChat,
  newTask,
  plain,
  viewRoot,
  waitFor,
  type ChatStack,
} from './element-harness.js';

/** An agent's reply, a word at a time: `w001 w002 …`, so any prefix of it says how far it got. */
function words(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `w${String(i + 1).padStart(3, '0')} `);
}

/** Waits until the agent's bubble holds at least `count` words; its text. */
function waitForWords(el: HTMLElement, count: number, timeoutMs = 10_000): Promise<string> {
  return waitFor(
    () => {
      const text = bubbleText(runArticle(el));
      return text.split(' ').filter(Boolean).length >= count ? text : undefined;
    },
    { what: `${count} words in the agent's bubble`, timeoutMs },
  );
}

/** The whole reply's first words, in order, with none repeated and none missing. */
function expectPrefix(text: string, all: string[]): void {
  const shown = text.split(' ').filter(Boolean);
  expect(shown, 'the words shown, in order, none twice, none missing').to.deep.equal(
    all.slice(0, shown.length).map((w) => w.trim()),
  );
}

/** The help bot answers Ann's question over the backend's HTTP API, a word every 40 ms. */
function helpBotAnswers(stack: ChatStack, task: string, question: string, all: string[]) {
  return httpRun(stack, {
    task,
    agentId: 'helpbot',
    userId: 'ann',
    inReplyTo: question,
    chunks: all,
    intervalMs: 40,
  });
}

async function ticket(): Promise<{ stack: ChatStack; task: string; question: string }> {
  const stack = await chatStack();
  const task = await newTask(stack, [ANN, DANA, BOT], 'Ticket 42', 'support');
  const question = await stack.sendAs({ task, userId: 'ann', text: 'Research my order history' });
  return { stack, task, question };
}

describe('agent runs over the backend', function () {
  this.timeout(60_000);
  afterEach(async () => {
    await cleanUp();
    await closeAgents();
  });

  it('Stop cancels the agent’s HTTP stream at once, and the text so far stays, marked stopped', async () => {
    const { stack, task, question } = await ticket();
    const ann = await mountChat(stack, task, ANN);
    const all = words(400);
    const run = await helpBotAnswers(stack, task, question, all);
    await waitForWords(ann, 5);
    // Pressed from the keyboard: focus is on Stop.
    const stop = await findByRole(runArticle(ann)!, 'button', 'Stop');
    stop.focus();
    stop.click();

    // The agent's request is answered while it is still sending: it sees the stop and stops generating.
    const result = await run.result();
    expect(result.httpStatus).to.equal(200);
    expect((result.answer as { status: string }).status).to.equal('cancelled');
    expect(result.chunksSent).to.be.lessThan(all.length);

    await waitFor(() => runArticle(ann)?.classList.contains('cancelled') || undefined, { what: 'stopped' });
    const article = runArticle(ann)!;
    expectPrefix(bubbleText(article), all);
    expect(bubbleText(article).split(' ').length).to.be.at.least(5);
    expect(plain(article.querySelector('.meta')?.textContent)).to.match(/Stopped/);
    expect(allByRole(article, 'button', 'Stop')).to.have.length(0);
    // Stop went with the run: focus moved to the composer, not to nowhere.
    await waitFor(() => viewRoot(ann).activeElement?.localName === 'textarea' || undefined, {
      what: 'focus on the composer',
    });
  });

  it('resumes a run after a reload, shows it to a late joiner, and puts the reply in its place exactly once', async () => {
    const { stack, task, question } = await ticket();
    const all = words(120);
    const first = await mountChat(stack, task, ANN);
    const run = await helpBotAnswers(stack, task, question, all);
    expectPrefix(await waitForWords(first, 10), all);
    // Reload: the element leaves the page mid-run, and a new one opens while the agent goes on writing.
    first.remove();
    const ann = await mountChat(stack, task, ANN);
    const resumed = await waitForWords(ann, 20);
    expectPrefix(resumed, all);
    // A late joiner sees the run in progress.
    const dana = await mountChat(stack, task, DANA);
    expectPrefix(await waitForWords(dana, resumed.split(' ').length + 1), all);
    expect(allByRole(runArticle(dana)!, 'button', 'Stop')).to.have.length(0);

    // From here every DOM change of Ann's list: how many bubbles hold the finished text (0 until it is whole).
    const full = all.join('').trim();
    const log = allByRole(viewRoot(ann), 'log')[0]!;
    const seen: number[] = [];
    const count = () =>
      [...log.querySelectorAll('[part="bubble"]')].filter((b) => plain(b.textContent).trim() === full).length;
    const observer = new MutationObserver(() => seen.push(count()));
    observer.observe(log, { subtree: true, childList: true, characterData: true, attributes: true });
    const result = await run.result();
    expect((result.answer as { status: string }).status).to.equal('complete');
    await waitFor(() => (!runArticle(ann) && count() === 1) || undefined, {
      what: 'the reply in the bubble’s place',
      timeoutMs: 10_000,
    });
    observer.disconnect();
    const whole = seen.slice(seen.indexOf(1));
    expect(whole.length).to.be.greaterThan(0);
    expect(Math.min(...whole), 'a frame without the reply once it was whole').to.equal(1);
    expect(Math.max(...seen), 'a frame with the reply twice').to.equal(1);
    await waitFor(
      () =>
        (!runArticle(dana) && bubbleText(allByRole(viewRoot(dana), 'article').at(-1)) === full) || undefined,
      {
        what: 'the reply on the late joiner’s side',
      },
    );
  });
});
