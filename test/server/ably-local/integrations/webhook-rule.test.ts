import { describe, expect, it } from 'vitest';
import { parseWebhookRules } from '../../../../server/ably-local/integrations/webhook-rule.js';

const KEYS = [{ keyName: 'app.key', secret: 's3cret' }];

const problem = (rules: unknown): string | undefined => {
  try {
    parseWebhookRules(rules, KEYS);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('webhook rules (DESIGN §14.1)', () => {
  it('fills Ably-like defaults', () => {
    const [rule] = parseWebhookRules([{ url: 'http://127.0.0.1:8080/api/webhooks/ably' }], KEYS);
    expect(rule).toMatchObject({
      id: 'rule-1',
      requestMode: 'batch',
      enveloped: true,
      batchIntervalMs: 1000,
      headers: {},
    });
    expect([...rule!.sources]).toEqual(['channel.message']);
    expect(rule!.channelFilter.test('anything')).toBe(true);
    expect(rule!.signWith).toBeUndefined();
  });

  it('signs with a key of the server, found by name', () => {
    const [rule] = parseWebhookRules([{ url: 'https://h.example/x', signWithKey: 'app.key' }], KEYS);
    expect(rule!.signWith).toEqual({ keyName: 'app.key', secret: 's3cret' });
  });

  it.each([
    ['not an array', { url: 'http://x' }, /must be a JSON array/],
    ['no url', [{}], /url must be an http\(s\) URL/],
    ['a file url', [{ url: 'file:///etc/passwd' }], /url must be an http\(s\) URL/],
    ['an unknown field', [{ url: 'http://x', channel: 'y' }], /unknown field "channel"/],
    ['a bad regex', [{ url: 'http://x', channelFilter: '(' }], /not a regular expression/],
    ['an unknown source', [{ url: 'http://x', sources: ['channel.lifecycle'] }], /sources must be/],
    ['unenveloped batches', [{ url: 'http://x', enveloped: false }], /always enveloped/],
    ['an unknown key', [{ url: 'http://x', signWithKey: 'other.key' }], /not one of this server's key names/],
    ['a signing header', [{ url: 'http://x', headers: { 'X-Ably-Signature': 'forged' } }], /may not set/],
    [
      'a duplicate id',
      [
        { url: 'http://x', id: 'a' },
        { url: 'http://y', id: 'a' },
      ],
      /used twice/,
    ],
    ['a negative interval', [{ url: 'http://x', batchIntervalMs: -1 }], /batchIntervalMs/],
  ])('refuses %s', (_title, rules, message) => {
    expect(problem(rules)).toMatch(message);
  });
});
