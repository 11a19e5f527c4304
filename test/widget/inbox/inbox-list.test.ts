import { describe, expect, it } from 'vitest';
import type { InboxTask, InboxUpdate } from '../../../server/contract/api-contract.js';
import { titleMatcher } from '../../../widget/inbox/inbox-controller.js';
import { InboxList } from '../../../widget/inbox/inbox-list.js';

function row(task: string, activity: number, version: number, unread = 0): InboxTask {
  return {
    task,
    type: 'order',
    title: task,
    url: null,
    role: 'seller',
    closed: false,
    lastMessage: null,
    unread,
    activity,
    version,
  };
}

const update = (task: InboxTask, totalUnread: number): InboxUpdate => ({
  type: 'task',
  task,
  totalUnread,
  version: task.version,
});

describe('InboxList', () => {
  it('orders rows by activity, newest first, and keeps each row’s newest version whatever the arrival order', () => {
    const list = new InboxList();
    list.addPage([row('a', 30, 5), row('b', 20, 5), row('c', 10, 5)], 0, 5, true);
    expect(list.rows.map((r) => r.task)).toEqual(['a', 'b', 'c']);
    expect(list.apply(update(row('c', 40, 7, 2), 2))).toBe(true);
    // An older update of c, and a page read before it, change nothing.
    expect(list.apply(update(row('c', 35, 6, 1), 1))).toBe(false);
    list.addPage([row('c', 10, 5)], 0, 5, true);
    expect(list.rows.map((r) => [r.task, r.unread])).toEqual([
      ['c', 2],
      ['a', 0],
      ['b', 0],
    ]);
    expect(list.total).toBe(2);
  });

  it('drops a removed task for good, even when an older page still lists it', () => {
    const list = new InboxList();
    list.addPage([row('a', 30, 5), row('b', 20, 5)], 1, 5, true);
    expect(list.apply({ type: 'removed', task: 'b', totalUnread: 0, version: 6 })).toBe(true);
    list.addPage([row('b', 20, 5)], 1, 5, true);
    expect(list.rows.map((r) => r.task)).toEqual(['a']);
    expect(list.total).toBe(0);
    // Added again later (a newer version): back.
    list.apply(update(row('b', 50, 8), 0));
    expect(list.rows.map((r) => r.task)).toEqual(['b', 'a']);
  });

  it('leaves a task below the pages read so far to its page, and takes one that moved above them', () => {
    const list = new InboxList();
    list.addPage([row('a', 30, 5), row('b', 20, 5)], 0, 5, false);
    expect(list.apply(update(row('z', 10, 6, 1), 1))).toBe(true); // only the total changed
    expect(list.rows.map((r) => r.task)).toEqual(['a', 'b']);
    list.apply(update(row('y', 40, 7, 1), 2));
    expect(list.rows.map((r) => r.task)).toEqual(['y', 'a', 'b']);
    expect(list.total).toBe(2);
  });

  it('holds live updates to the search: a task whose title does not match adds no row, one renamed out of it leaves', () => {
    const list = new InboxList();
    list.matches = titleMatcher('blue');
    const titled = (task: string, title: string, activity: number, version: number) => ({
      ...row(task, activity, version, 1),
      title,
    });
    list.addPage([titled('a', 'Blue bike', 30, 5), titled('b', 'BLUE vase', 20, 5)], 2, 5, true);
    expect(list.apply(update(titled('c', 'Red lamp', 40, 6), 3))).toBe(true);
    expect(list.rows.map((r) => r.task)).toEqual(['a', 'b']);
    expect(list.total).toBe(3);
    expect(list.apply(update(titled('c', 'Blue lamp', 50, 7), 3))).toBe(true);
    expect(list.rows.map((r) => r.task)).toEqual(['c', 'a', 'b']);
    expect(list.apply(update(titled('a', 'Green bike', 60, 8), 3))).toBe(true);
    // An older update still titled "Blue bike" does not bring it back.
    list.apply(update(titled('a', 'Blue bike', 30, 6), 3));
    expect(list.rows.map((r) => r.task)).toEqual(['c', 'b']);
  });

  it('matches titles as the backend does: any case, accents ignored', () => {
    const matches = titleMatcher('cafe creme');
    expect(matches('Café Crème order')).toBe(true);
    expect(matches('CAFE CREME')).toBe(true);
    expect(matches('Café latte')).toBe(false);
    expect(titleMatcher('ÉCOLE')('école 8')).toBe(true);
  });
});
