import { describe, expect, it } from 'vitest';
import { classifySendError, type SendFailure } from '../../../../widget/features/composer/send-errors.js';

describe('classifySendError', () => {
  it.each<[string, Parameters<typeof classifySendError>[0], SendFailure]>([
    [
      'code 40009 as too large',
      { code: 40009, statusCode: 400 },
      { kind: 'tooLarge', code: 40009, restoreDraft: true },
    ],
    [
      'status 413 as too large',
      { code: 40000, statusCode: 413 },
      { kind: 'tooLarge', code: 40000, restoreDraft: true },
    ],
    [
      'code 42910 as rate limited',
      { code: 42910, statusCode: 429 },
      { kind: 'rateLimited', code: 42910, restoreDraft: true },
    ],
    [
      'status 429 as rate limited',
      { code: 42900, statusCode: 429 },
      { kind: 'rateLimited', code: 42900, restoreDraft: true },
    ],
    [
      'code 42213 as rejected, with the rule’s reason from detail.reason (where Ably puts it)',
      { code: 42213, statusCode: 422, detail: { reason: 'Links are not allowed here.', rule: 'link-limit' } },
      { kind: 'rejected', code: 42213, restoreDraft: true, reason: 'Links are not allowed here.' },
    ],
    [
      'code 42211 as rejected, with its reason',
      { code: 42211, statusCode: 422, detail: { reason: ' No phone numbers. ' } },
      { kind: 'rejected', code: 42211, restoreDraft: true, reason: 'No phone numbers.' },
    ],
    [
      'code 42213 with only a message as rejected without a reason (the message is for developers)',
      { code: 42213, statusCode: 422, message: 'unable to send message; rejected by moderation' },
      { kind: 'rejected', code: 42213, restoreDraft: true },
    ],
    [
      'code 42211 with an empty reason as rejected without a reason',
      { code: 42211, detail: { reason: '  ' } },
      { kind: 'rejected', code: 42211, restoreDraft: true },
    ],
    [
      'code 42211 without a detail as rejected without a reason',
      { code: 42211 },
      { kind: 'rejected', code: 42211, restoreDraft: true },
    ],
    [
      'code 40160 as not allowed',
      { code: 40160, statusCode: 401 },
      { kind: 'notAllowed', code: 40160, restoreDraft: true },
    ],
    [
      'code 40161 as not allowed',
      { code: 40161, statusCode: 401 },
      { kind: 'notAllowed', code: 40161, restoreDraft: true },
    ],
    [
      'code 40166 as not allowed',
      { code: 40166, statusCode: 401 },
      { kind: 'notAllowed', code: 40166, restoreDraft: true },
    ],
    [
      'a server error as generic, worth a retry',
      { code: 50000, statusCode: 500 },
      { kind: 'generic', code: 50000 },
    ],
    [
      'a network failure as offline, worth a retry',
      { code: 80000, statusCode: 0, message: 'offline' },
      { kind: 'offline', code: 80000 },
    ],
    ['a connection error without a status as offline', { code: 80003 }, { kind: 'offline', code: 80003 }],
    [
      'a request that got no answer (the browser’s "Failed to fetch", no code or status) as offline',
      { message: 'Failed to fetch' },
      { kind: 'offline', code: 0 },
    ],
    [
      'an error with a status but no code as generic with code 0',
      { statusCode: 500 },
      { kind: 'generic', code: 0 },
    ],
    ['no error at all as generic with code 0', undefined, { kind: 'generic', code: 0 }],
  ])('classifies %s', (_case, error, expected) => {
    expect(classifySendError(error)).toEqual(expected);
  });

  it('gives the draft back for every refusal that resending cannot fix, and never for a generic failure', () => {
    for (const code of [40009, 42910, 42211, 42213, 40160])
      expect(classifySendError({ code }).restoreDraft).toBe(true);
    expect(classifySendError({ code: 50003 }).restoreDraft).toBeUndefined();
  });

  it('lets the code decide over the status when they disagree', () => {
    expect(classifySendError({ code: 40009, statusCode: 429 }).kind).toBe('tooLarge');
    expect(classifySendError({ code: 42910, statusCode: 500 }).kind).toBe('rateLimited');
  });
});
