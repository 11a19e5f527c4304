import { describe, expect, it } from 'vitest';
import { DEFAULT_WORDS } from '../../../../server/backend/moderation/default-words.js';
import {
  decide,
  FLOOD_REASON,
  linkLimitReason,
  WORD_LIST_REASON,
  type Policy,
} from '../../../../server/backend/moderation/policy.js';
import {
  ANY_TYPE,
  defaultPolicyTable,
  policyFor,
} from '../../../../server/backend/moderation/policy-table.js';
import { compileWordList } from '../../../../server/backend/moderation/word-list.js';

const table = defaultPolicyTable(compileWordList(DEFAULT_WORDS));
const CONTACT = "Phone numbers and e-mail addresses can't be shared in this chat.";
const MESSENGER = "Messenger and social media contacts can't be shared in this chat.";
const MARKETPLACE = "Links to other marketplaces can't be shared in this chat.";

/** The decision for `text` in a task of `type`, with no recent messages. */
function verdict(type: string, text: string): string {
  const policy = policyFor(table, type);
  if (!policy) return 'accept (no policy)';
  const decision = decide(policy, { text, recent: [], now: 0 });
  return decision.action === 'accept' ? 'accept' : `${decision.rejection.rule}: ${decision.rejection.reason}`;
}

describe('the default policy table', () => {
  it.each([
    ['order', 'is it still available?', 'accept'],
    ['order', 'call me on +44 20 7946 0958', `contact-information: ${CONTACT}`],
    ['deal', 'ann@mail.com', `contact-information: ${CONTACT}`],
    ['listing', 'telegram: ann_b', `contact-information: ${MESSENGER}`],
    ['offer', 'cheaper on ebay.com/itm/1', `contact-information: ${MARKETPLACE}`],
    [
      'order',
      'see https://a.example and https://b.example and https://c.example',
      `link-limit: ${linkLimitReason(2)}`,
    ],
    ['order', 'you bastard', `word-list: ${WORD_LIST_REASON}`],
    ['ticket', 'call me on +44 20 7946 0958', 'accept'],
    ['ticket', 'my e-mail is ann@mail.com', 'accept'],
    ['support', 'this is bullshit', `word-list: ${WORD_LIST_REASON}`],
    ['game', 'gg well played', 'accept'],
    ['game', 'join https://cheats.example', `link-limit: ${linkLimitReason(0)}`],
    ['match', 'kys', `word-list: ${WORD_LIST_REASON}`],
    ['anything-else', 'call me on +44 20 7946 0958', 'accept'],
    ['anything-else', 'fuck off', `word-list: ${WORD_LIST_REASON}`],
    [
      'anything-else',
      'a.com b.org c.net www.d.io https://e.example f.de/x',
      `link-limit: ${linkLimitReason(5)}`,
    ],
  ])('in a %s task decides %j: %s', (type, text, expected) => {
    expect(verdict(type, text)).toBe(expected);
  });

  it('names a policy for every type, the standard one for types it does not list', () => {
    expect(policyFor(table, 'order')!.name).toBe('marketplace');
    expect(policyFor(table, 'ticket')!.name).toBe('support');
    expect(policyFor(table, 'game')!.name).toBe('game');
    expect(policyFor(table, 'nothing-like-it')!.name).toBe('standard');
    expect(policyFor(table, 'constructor')!.name).toBe('standard'); // no prototype lookups
  });

  it('switches moderation off for a type whose entry is null, and for all unnamed types with * null', () => {
    const custom = { ...table, ticket: null, [ANY_TYPE]: null };
    expect(policyFor(custom, 'ticket')).toBeUndefined();
    expect(policyFor(custom, 'other')).toBeUndefined();
    expect(policyFor(custom, 'order')!.name).toBe('marketplace');
  });
});

describe('decide', () => {
  it('refuses a repeated message once it floods', () => {
    const policy = policyFor(table, 'order')!;
    const recent = [1, 2, 3].map((at) => ({ key: 'buy now', at }));
    expect(decide(policy, { text: 'Buy now', recent, now: 10 })).toEqual({
      action: 'reject',
      rejection: { rule: 'flood', reason: FLOOD_REASON },
    });
    expect(decide(policy, { text: 'Buy now', recent: recent.slice(1), now: 10 })).toEqual({
      action: 'accept',
    });
  });

  it('runs a host’s own check last', () => {
    const policy: Policy = {
      name: 'pharmacy',
      maxLinks: 0,
      custom: ({ text }) =>
        /\bprescription\b/i.test(text)
          ? { rule: 'no-prescriptions', reason: 'Ask your doctor instead.' }
          : undefined,
    };
    expect(decide(policy, { text: 'need a prescription', recent: [], now: 0 })).toEqual({
      action: 'reject',
      rejection: { rule: 'no-prescriptions', reason: 'Ask your doctor instead.' },
    });
    expect(decide(policy, { text: 'prescription at https://x.example', recent: [], now: 0 })).toMatchObject({
      rejection: { rule: 'link-limit' },
    });
  });

  it('accepts everything with an empty policy', () => {
    expect(
      decide({ name: 'open' }, { text: 'ann@mail.com fuck https://x.example', recent: [], now: 0 }),
    ).toEqual({
      action: 'accept',
    });
  });

  // What it costs against a short message is a benchmark: npm run bench -- worst-case.
  it('accepts a 64 KiB message of ordinary words', () => {
    const policy = policyFor(table, 'order')!;
    const text = 'word '.repeat(13_000);
    expect(decide(policy, { text, recent: [], now: 0 })).toEqual({ action: 'accept' });
  });
});
