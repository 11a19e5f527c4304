import { describe, expect, it } from 'vitest';
import type { InboxAnswer, InboxTask, InboxUpdate } from '../../../server/contract/api-contract.js';
import { UnreadCount } from '../../../widget/launcher/unread-count.js';
import { inboxUpdateOf } from '../../../widget/launcher/unread-stream.js';

function row(task: string, unread: number, version: number): InboxTask {
  return {
    task,
    type: 'order',
    title: task,
    url: null,
    role: 'seller',
    closed: false,
    lastMessage: null,
    unread,
    activity: version,
    version,
  };
}

const page = (tasks: InboxTask[], totalUnread: number, version: number): InboxAnswer => ({
  tasks,
  cursor: null,
  totalUnread,
  version,
});
const changed = (task: InboxTask, totalUnread: number): InboxUpdate => ({
  type: 'task',
  task,
  totalUnread,
  version: task.version,
});
const removed = (task: string, totalUnread: number, version: number): InboxUpdate => ({
  type: 'removed',
  task,
  totalUnread,
  version,
});

describe('UnreadCount', () => {
  it('counts the whole inbox from the newest total, pages and updates in any order', () => {
    const count = new UnreadCount();
    expect(count.update(changed(row('a', 2, 5), 4))).toBe(true);
    expect(count.count).toBe(4);
    // A page read before that update is older: ignored.
    expect(count.page(page([], 3, 4))).toBe(false);
    expect(count.update(changed(row('b', 0, 3), 1))).toBe(false);
    expect(count.update(removed('a', 2, 6))).toBe(true);
    expect(count.count).toBe(2);
    // A newer answer with the same count: taken, not a change.
    expect(count.page(page([], 2, 7))).toBe(false);
    expect(count.count).toBe(2);
  });

  it('counts one task from its row and its updates, ignoring the others', () => {
    const count = new UnreadCount('a');
    expect(count.count).toBeUndefined();
    expect(count.page(page([row('a', 1, 3)], 9, 3))).toBe(true);
    expect(count.count).toBe(1);
    expect(count.update(changed(row('b', 7, 4), 8))).toBe(false);
    expect(count.update(changed(row('a', 3, 5), 10))).toBe(true);
    expect(count.update(changed(row('a', 2, 4), 9))).toBe(false);
    expect(count.count).toBe(3);
    expect(count.update(removed('b', 3, 6))).toBe(false);
    expect(count.update(removed('a', 0, 7))).toBe(true);
    expect(count.count).toBe(0);
  });

  it('counts 0 for a task the user is not in', () => {
    const count = new UnreadCount('a');
    expect(count.page(page([], 5, 2))).toBe(true);
    expect(count.count).toBe(0);
  });
});

describe('inboxUpdateOf', () => {
  const update = changed(row('a', 2, 5), 4);

  it('reads an enveloped message whose data is JSON text, as Ably sends an object published as JSON', () => {
    const message = {
      id: 'x:0:0',
      channel: 'inbox:sam',
      name: 'inbox',
      encoding: 'json',
      data: JSON.stringify(update),
    };
    expect(inboxUpdateOf(JSON.stringify(message))).toEqual(update);
    expect(inboxUpdateOf(JSON.stringify({ ...message, encoding: 'utf-8/json' }))).toEqual(update);
    expect(inboxUpdateOf(JSON.stringify({ ...message, data: update, encoding: null }))).toEqual(update);
  });

  it('ignores other names, other shapes and text that is not JSON', () => {
    const message = { name: 'inbox', encoding: 'json', data: JSON.stringify(update) };
    expect(inboxUpdateOf(JSON.stringify({ ...message, name: 'other' }))).toBeUndefined();
    expect(inboxUpdateOf(JSON.stringify({ ...message, data: '{"type":"task"}' }))).toBeUndefined();
    expect(inboxUpdateOf(JSON.stringify({ ...message, encoding: 'base64' }))).toBeUndefined();
    expect(inboxUpdateOf(JSON.stringify({ ...message, data: 'not json' }))).toBeUndefined();
    expect(inboxUpdateOf('not json')).toBeUndefined();
  });
});
