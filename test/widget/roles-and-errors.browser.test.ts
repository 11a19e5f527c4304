import { expect } from 'chai';
import type { EmbeddedChatErrorEvent } from '../../widget/events/error-event.js';
import type { EmbeddedChatStatusEvent } from '../../widget/events/status-event.js';
import { afterEach, describe, it } from '../support/browser/mocha-globals.js';
import {
  allByRole,
  chatStack,
  cleanUp,
  findByRole,
  mountChat,
  newTask,
  nextEvent,
  viewRoot,
  waitFor,
  waitForText,
  withTimeout,
  type Person,
} from './element-harness.js';

const ANN: Person = { userId: 'ann', role: 'player', name: 'Ann' };
const OLI: Person = { userId: 'oli', role: 'observer', name: 'Oli' };

describe('roles, task state and failures', function () {
  this.timeout(30_000);
  afterEach(cleanUp);

  it('gives an observer the conversation and a read-only notice instead of a composer', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, OLI]);
    await stack.sendAs({ task, userId: 'ann', text: 'gg' });
    const oli = await mountChat(stack, task, OLI);
    await waitForText(oli, 'gg');
    const root = viewRoot(oli);
    expect(allByRole(root, 'textbox', 'Message')).to.have.length(0);
    expect(allByRole(root, 'button', 'Send')).to.have.length(0);
    expect(allByRole(root, 'button', /^(React|Edit message|Delete message)$/)).to.have.length(0);
    expect(root.querySelector('[part="composer"]')?.textContent).to.include(
      'You can read this conversation but not write in it.',
    );
  });

  it('turns read-only with a closed notice when the task closes while it is open', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN]);
    const ann = await mountChat(stack, task, ANN);
    await findByRole(viewRoot(ann), 'textbox', 'Message');
    await stack.closeTask({ task });
    await waitFor(
      () =>
        viewRoot(ann).querySelector('[part="composer"]')?.textContent?.includes('This task is closed') ||
        undefined,
      {
        timeoutMs: 15_000,
        what: 'closed notice',
      },
    );
    expect(allByRole(viewRoot(ann), 'textbox', 'Message')).to.have.length(0);
  });

  it('fires embedded-chat-error with the backend code and shows why when the token endpoint answers 401', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN]);
    const el = document.createElement('embedded-chat');
    el.setAttribute('task', task);
    el.setAttribute('token-url', stack.tokenUrl);
    el.setAttribute('participant-token', 'not-a-token');
    el.setAttribute('loading', 'eager');
    const failed = nextEvent<EmbeddedChatErrorEvent>(el, 'embedded-chat-error');
    document.body.append(el);
    try {
      const { detail } = await withTimeout(failed, 10_000, 'error event');
      expect(detail.code).to.equal(1001);
      expect(detail.message).to.match(/^unable to /);
      const alert = await findByRole(viewRoot(el), 'alert');
      expect(alert.textContent).to.include('Unable to open the chat').and.include(detail.message);
      expect(allByRole(alert, 'button', 'Retry')).to.have.length(1);
    } finally {
      el.remove();
    }
  });

  it('closes the connection when removed from the page and opens it again when added back', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN]);
    const statuses: string[] = [];
    const ann = await mountChat(stack, task, ANN, {
      beforeMount: (el) =>
        el.addEventListener('embedded-chat-status', (e) =>
          statuses.push((e as EmbeddedChatStatusEvent).detail.state),
        ),
    });
    expect(statuses).to.include('connected');
    await waitFor(async () => ((await stack.occupancy({ task })).connections === 1 ? true : undefined));
    ann.remove();
    // ably-local sees the connection go (a host SPA navigating away leaks nothing).
    await waitFor(async () => ((await stack.occupancy({ task })).connections === 0 ? true : undefined), {
      what: 'connection closed',
    });
    const ready = nextEvent(ann, 'embedded-chat-ready');
    document.body.append(ann);
    await withTimeout(ready, 10_000, 'ready again');
    await waitFor(async () => ((await stack.occupancy({ task })).connections === 1 ? true : undefined));
  });

  it('runs several elements for different tasks and roles side by side', async () => {
    const stack = await chatStack();
    const game = await newTask(stack, [ANN, OLI], 'Game 7');
    const order = await newTask(stack, [ANN], 'Order 12');
    const a = await mountChat(stack, game, ANN);
    const b = await mountChat(stack, order, ANN);
    const c = await mountChat(stack, game, OLI);
    await stack.sendAs({ task: game, userId: 'ann', text: 'in the game' });
    await stack.sendAs({ task: order, userId: 'ann', text: 'about the order' });
    await waitForText(a, 'in the game');
    await waitForText(c, 'in the game');
    await waitForText(b, 'about the order');
    expect(viewRoot(b).textContent).not.to.include('in the game');
    expect(viewRoot(a).querySelector('[part="title"]')?.textContent).to.equal('Game 7');
    expect(viewRoot(b).querySelector('[part="title"]')?.textContent).to.equal('Order 12');
  });
});
