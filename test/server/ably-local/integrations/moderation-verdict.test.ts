import { describe, expect, it } from 'vitest';
import {
  detailOf,
  failureError,
  interpretAnswer,
  rejectionError,
} from '../../../../server/ably-local/integrations/moderation-verdict.js';

describe('interpretAnswer', () => {
  it.each([
    [200, '{"action":"accept"}', false, { kind: 'accept' }],
    [200, '{"action":"accept","rejectionReason":{"reason":"ignored"}}', false, { kind: 'accept' }],
    [200, '{"action":"reject"}', false, { kind: 'reject', detail: {} }],
    [
      200,
      '{"action":"reject","rejectionReason":{"reason":"no phones","score":0.9}}',
      false,
      { kind: 'reject', detail: { reason: 'no phones', score: '0.9' } },
    ],
    [500, '{"action":"accept"}', false, { kind: 'retry', why: 'answered 500' }],
    [503, '', false, { kind: 'retry', why: 'answered 503' }],
    [429, '', false, { kind: 'fail', why: 'answered 429' }],
    [429, '', true, { kind: 'retry', why: 'answered 429' }],
    [404, '{"action":"accept"}', false, { kind: 'fail', why: 'answered 404' }],
    [201, '{"action":"accept"}', false, { kind: 'fail', why: 'answered 201' }],
    [302, '', false, { kind: 'fail', why: 'answered 302' }],
    [200, 'ok', false, { kind: 'fail', why: 'answered 200 with a body that is not JSON' }],
    [200, '[]', false, { kind: 'fail', why: 'answered 200 with a body that is not a JSON object' }],
    [200, 'null', false, { kind: 'fail', why: 'answered 200 with a body that is not a JSON object' }],
    [
      200,
      '{"action":"ACCEPT"}',
      false,
      { kind: 'fail', why: 'answered 200 without an action of accept or reject' },
    ],
  ])('reads status %i with body %j (retry 429: %s)', (status, body, retry429, outcome) => {
    expect(interpretAnswer(status, body, retry429)).toEqual(outcome);
  });
});

describe('detailOf', () => {
  it('keeps strings, writes other values as JSON and drops null', () => {
    expect(detailOf({ reason: 'x', n: 1, ok: true, list: [1], gone: null })).toEqual({
      reason: 'x',
      n: '1',
      ok: 'true',
      list: '[1]',
    });
  });

  it.each([['a string'], [['reason']], [null], [undefined], [7]])('gives {} for %j', (value) => {
    expect(detailOf(value)).toEqual({});
  });

  it('bounds the number of keys and the length of keys and values', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v']));
    expect(Object.keys(detailOf(many))).toHaveLength(16);
    const long = detailOf({ ['k'.repeat(100)]: 'v'.repeat(5000) });
    expect(Object.keys(long)[0]).toHaveLength(64);
    expect(Object.values(long)[0]).toHaveLength(1000);
  });
});

describe('moderation errors', () => {
  it('rejects with 42213/422 carrying the detail and naming the reason', () => {
    const error = rejectionError('send message', { reason: 'no phones' });
    expect(error.toWire()).toMatchObject({
      code: 42213,
      statusCode: 422,
      message: 'unable to send message; rejected by moderation (no phones)',
      detail: { reason: 'no phones' },
    });
  });

  it('fails with 42211/422 naming the rule and what went wrong', () => {
    expect(failureError('update message', 'mod-1', 'answered 404').toWire()).toMatchObject({
      code: 42211,
      statusCode: 422,
      message: 'unable to update message; the before-publish rule mod-1 could not moderate it (answered 404)',
    });
  });
});
