import { describe, expect, it } from 'vitest';
import {
  attachmentLimitsFor,
  attachmentPolicyFor,
  defaultAttachmentPolicies,
} from '../../../../server/backend/attachments/attachment-policy.js';

describe('attachment policies', () => {
  const table = defaultAttachmentPolicies();

  it('takes 25 MB of images, PDF, text and office documents by default, and images only in games', () => {
    const order = attachmentPolicyFor(table, 'order')!;
    expect(order.maxBytes).toBe(25 * 1024 * 1024);
    expect(order.types).toEqual(expect.arrayContaining(['image/jpeg', 'application/pdf', 'text/plain']));
    expect(order.types).not.toContain('image/svg+xml');
    expect(attachmentPolicyFor(table, 'game')!.types).toEqual([
      'image/jpeg',
      'image/png',
      'image/gif',
      'image/webp',
    ]);
  });

  it('gives no limits to roles that cannot send, to closed tasks, and where the table says null', () => {
    const policy = attachmentPolicyFor(table, 'ticket');
    expect(attachmentLimitsFor(policy, 'customer', { closed: false, canPublish: true })).toMatchObject({
      maxFiles: 10,
    });
    expect(attachmentLimitsFor(policy, 'observer', { closed: false, canPublish: false })).toBeNull();
    expect(attachmentLimitsFor(policy, 'customer', { closed: true, canPublish: true })).toBeNull();
    const none = attachmentPolicyFor({ ...table, chat: null }, 'chat');
    expect(attachmentLimitsFor(none, 'customer', { closed: false, canPublish: true })).toBeNull();
    const staffOnly = { maxBytes: 10, types: ['application/pdf'], roles: ['agent' as const] };
    expect(attachmentLimitsFor(staffOnly, 'customer', { closed: false, canPublish: true })).toBeNull();
    expect(attachmentLimitsFor(staffOnly, 'agent', { closed: false, canPublish: true })).toEqual({
      maxBytes: 10,
      maxFiles: 10,
      types: ['application/pdf'],
    });
  });
});
