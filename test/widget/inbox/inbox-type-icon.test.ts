import { describe, expect, it } from 'vitest';
import { kindOf } from '../../../widget/inbox/inbox-type-icon.js';

describe('kindOf', () => {
  it.each([
    ['ticket', 'ticket'],
    ['Support', 'ticket'],
    ['support-ticket', 'ticket'],
    ['order', 'order'],
    ['purchase_order', 'order'],
    ['deal', 'deal'],
    ['listing', 'deal'],
    ['game', 'game'],
    ['match', 'game'],
    ['booking', 'booking'],
    ['delivery', 'delivery'],
    ['rental', 'task'],
    ['', 'task'],
  ])('reads a task of type %j as a %s', (type, kind) => {
    expect(kindOf(type)).toBe(kind);
  });
});
