import { describe, expect, it } from 'vitest';
import {
  toTranscriptEntry,
  type HistoryItem,
} from '../../../../server/backend/transcripts/transcript-entry.js';
import { escapeHtml, FORMATS } from '../../../../server/backend/transcripts/transcript-formats.js';

const base: HistoryItem = {
  serial: 's1',
  clientId: 'ann',
  text: 'hi',
  action: 'message.create',
  timestamp: 1000,
};
const known = new Map([['ann', { name: 'Ann (stored)', role: 'buyer' }]]);

describe('toTranscriptEntry', () => {
  it.each([
    [
      'a signed claim',
      { userClaim: '{"role":"agent","name":"Dana"}' },
      { name: 'Dana', role: 'agent', verified: true },
    ],
    ['no claim', {}, { name: 'Ann (stored)', role: 'buyer', verified: false }],
    [
      'a claim that is not JSON',
      { userClaim: 'agent' },
      { name: 'Ann (stored)', role: 'buyer', verified: false },
    ],
    [
      'a claim that is not an object',
      { userClaim: '"x"' },
      { name: 'Ann (stored)', role: 'buyer', verified: false },
    ],
    [
      'a claim of whoever edited it last',
      { userClaim: '{"role":"moderator","name":"Mo"}', version: { clientId: 'mod', timestamp: 2 } },
      { name: 'Ann (stored)', role: 'buyer', verified: false },
    ],
  ])('names the sender from %s', (_what, extra, sender) => {
    expect(toTranscriptEntry({ ...base, ...extra }, known).sender).toEqual({ userId: 'ann', ...sender });
  });

  it('names nobody it cannot find', () => {
    expect(toTranscriptEntry({ ...base, clientId: 'ghost' }, known).sender).toEqual({
      userId: 'ghost',
      name: null,
      role: null,
      verified: false,
    });
  });

  it('adds up reactions of every type and keeps odd names as plain keys', () => {
    // As a JSON body arrives: `__proto__` is an own key there, not a prototype.
    const reactions = JSON.parse(
      '{"distinct":{"👍":{"total":2},"__proto__":{"total":1}},' +
        '"unique":{"👍":{"total":1},"bad":{"total":-3},"worse":{"total":"x"}},"multiple":{"🎉":{"total":5}}}',
    ) as HistoryItem['reactions'];
    const entry = toTranscriptEntry({ ...base, reactions }, known);
    expect(Object.entries(entry.reactions)).toEqual([
      ['👍', 3],
      ['__proto__', 1],
      ['🎉', 5],
    ]);
    expect(Object.getPrototypeOf(entry.reactions)).toBe(Object.prototype);
  });
});

describe('transcript formats', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('writes valid JSON from its pieces', () => {
    const entry = toTranscriptEntry(base, known);
    const header = { task: 't', type: 'order', title: 'T', url: null, exportedAt: 0 };
    const json =
      FORMATS.json.head(header) +
      FORMATS.json.entry(entry, 0) +
      FORMATS.json.entry(entry, 1) +
      FORMATS.json.tail(2);
    expect(JSON.parse(json)).toMatchObject({
      task: 't',
      count: 2,
      messages: [{ serial: 's1' }, { serial: 's1' }],
    });
    expect(JSON.parse(FORMATS.json.head(header) + FORMATS.json.tail(0))).toMatchObject({
      messages: [],
      count: 0,
    });
  });

  it('indents continuation lines and drops control characters in plain text', () => {
    const entry = toTranscriptEntry({ ...base, text: 'one\r\ntwo\u001b[2J\u0007\tthree' }, known);
    expect(FORMATS.text.entry(entry, 0)).toBe(
      '[1970-01-01 00:00:01 UTC] Ann (stored) (buyer): one\n    two[2J\tthree\n',
    );
  });
});
