import { describe, expect, it } from 'vitest';
import {
  ModerationConfigError,
  parseModerationRules,
} from '../../../../server/ably-local/integrations/moderation-rule.js';

const URL = 'http://127.0.0.1:8080/api/moderation';

describe('parseModerationRules', () => {
  it('fills Ably-like defaults when only a url is given', () => {
    const [rule] = parseModerationRules({ url: URL });
    expect(rule).toEqual({
      id: 'moderation-1',
      channelFilter: /::\$chat$/,
      filtersRoom: false,
      url: new globalThis.URL(URL),
      headers: {},
      timeoutMs: 2000,
      maxRetries: 2,
      failedAction: 'reject',
      tooManyRequestsAction: 'fail',
    });
  });

  it('keeps every field given, lower-casing header names', () => {
    const [rule] = parseModerationRules([
      {
        id: 'orders',
        channelFilter: '^task:order:',
        url: URL,
        headers: { Authorization: 'Bearer x' },
        timeoutMs: 500,
        maxRetries: 0,
        failedAction: 'publish',
        tooManyRequestsAction: 'retry',
      },
    ]);
    expect(rule!.channelFilter.test('task:order:1::$chat')).toBe(true);
    expect(rule!.headers).toEqual({ authorization: 'Bearer x' });
    expect(rule).toMatchObject({ id: 'orders', timeoutMs: 500, maxRetries: 0, failedAction: 'publish' });
  });

  it.each([
    ['a string', 'http://x', /rule 1 must be a JSON object/],
    ['no url', {}, /url is required/],
    ['a url that is not one', { url: 'not a url' }, /is not a URL/],
    ['a non-http url', { url: 'ftp://example.com/' }, /http or https/],
    ['an unknown field', { url: URL, channel: 'x' }, /unknown field channel/],
    ['a broken regex', { url: URL, channelFilter: '(' }, /not a valid regular expression/],
    ['an empty regex', { url: URL, channelFilter: '' }, /non-empty regular expression/],
    ['a zero timeout', { url: URL, timeoutMs: 0 }, /timeoutMs must be a whole number from 1 to 60000/],
    ['a fractional retry count', { url: URL, maxRetries: 1.5 }, /maxRetries must be a whole number/],
    ['an unknown failed action', { url: URL, failedAction: 'accept' }, /reject or publish/],
    ['an unknown 429 action', { url: URL, tooManyRequestsAction: 'wait' }, /fail or retry/],
    ['a content-type header', { url: URL, headers: { 'Content-Type': 'x' } }, /cannot be set/],
    ['a header with a line break', { url: URL, headers: { x: 'a\r\nb' } }, /single-line string/],
    ['a bad id', { url: URL, id: 'has space' }, /id must be/],
  ])('refuses a rule with %s', (_what, spec, message) => {
    expect(() => parseModerationRules(spec)).toThrow(ModerationConfigError);
    expect(() => parseModerationRules(spec)).toThrow(message);
  });

  it('refuses repeated ids', () => {
    expect(() =>
      parseModerationRules([
        { url: URL, id: 'a' },
        { url: URL, id: 'a' },
      ]),
    ).toThrow(/rule id "a" is repeated/);
  });
});
