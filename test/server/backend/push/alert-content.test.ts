import { describe, expect, it } from 'vitest';
import {
  agentCompleteAlert,
  messageAlert,
  previewText,
} from '../../../../server/backend/push/alert-content.js';
import type { Task } from '../../../../server/backend/store/store.js';

const task: Task = {
  id: 'order:8841',
  type: 'order',
  title: 'Order 8841',
  url: 'https://shop.example/o/8841',
  closed: false,
  closedAt: null,
  createdAt: 1,
  updatedAt: 1,
};

describe('alert content', () => {
  it.each([
    ['keeps short text', 'on its way', 20, 'on its way'],
    ['strips control and bidi-override characters', 'a\u0000b\u202ec\u200bd', 20, 'a b c d'],
    ['collapses line breaks and runs of spaces', 'one\n\n two\t\tthree', 20, 'one two three'],
    ['cuts at the limit with an ellipsis', 'abcdefghijklmnop', 8, 'abcdefg…'],
    ['cuts whole emoji, not halves', '😀😀😀😀😀', 3, '😀😀…'],
  ])('preview %s', (_title, text, max, expected) => {
    expect(previewText(text, max)).toBe(expected);
  });

  it('names the task in the title, the sender in the body and links the task', () => {
    expect(messageAlert(task, 'Ann', 'is it shipped?', 120)).toEqual({
      notification: { title: 'Order 8841', body: 'Ann: is it shipped?', collapseKey: 'task:order:8841' },
      data: { type: 'message', task: 'order:8841', url: 'https://shop.example/o/8841' },
    });
  });

  it('says a photo or a file was sent when a message has files and no words', () => {
    const body = (text: string, files: string[]) =>
      messageAlert(task, 'Ann', text, 120, files).notification.body;
    expect(body('', ['image/jpeg'])).toBe('Ann sent a photo');
    expect(body(' ', ['image/png', 'image/webp', 'image/gif'])).toBe('Ann sent 3 photos');
    expect(body('', ['application/pdf'])).toBe('Ann sent a file');
    expect(body('', ['image/png', 'application/pdf'])).toBe('Ann sent 2 files');
    expect(body('the box was crushed', ['image/jpeg'])).toBe('Ann: the box was crushed');
  });

  it('leaves the url out when the task has none, and says the agent finished by default', () => {
    const alert = agentCompleteAlert({ ...task, url: null }, undefined, undefined);
    expect(alert).toEqual({
      notification: {
        title: 'Your agent has finished',
        body: 'Order 8841',
        collapseKey: 'agent-complete:order:8841',
      },
      data: { type: 'agent-complete', task: 'order:8841' },
    });
  });
});
