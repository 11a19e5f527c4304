import { expect } from 'chai';
import { afterEach, describe, it } from '../support/browser/mocha-globals.js';
import {
  byRole,
  chatStack,
  cleanUp,
  mountChat,
  newTask,
  viewRoot,
  waitForText,
  type Person,
} from './element-harness.js';

const ANN: Person = { userId: 'ann', role: 'customer', name: 'Ann' };

describe('layout', function () {
  this.timeout(20_000);
  afterEach(cleanUp);

  it('fits a 320 px sidebar: 16 px textbox, nothing wider than the element, the narrow layout applied', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN], 'A task title long enough to need an ellipsis in a sidebar');
    await stack.sendAs({
      task,
      userId: 'ann',
      text: 'a message with a long word supercalifragilisticexpialidocious',
    });
    const ann = await mountChat(stack, task, ANN);
    ann.style.width = '320px';
    await waitForText(ann, 'a message with a long word supercalifragilisticexpialidocious');
    const root = viewRoot(ann);
    const box = byRole(root, 'textbox', 'Message');
    // 16 px keeps iOS from zooming into the field.
    expect(getComputedStyle(box).fontSize).to.equal('16px');
    const frame = root.querySelector('.frame')!;
    expect(frame.scrollWidth).to.be.at.most(frame.clientWidth);
    expect(frame.getBoundingClientRect().width).to.equal(320);
    // The container query for narrow hosts (≤ 360 px): the participant count leaves the header.
    expect(getComputedStyle(root.querySelector('.stack .count')!).display).to.equal('none');
    ann.style.width = '420px';
    await new Promise(requestAnimationFrame);
    expect(getComputedStyle(root.querySelector('.stack .count')!).display).not.to.equal('none');
  });
});
