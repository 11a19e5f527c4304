import { ChatMessageAction, type Message } from '@ably/chat';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Locale } from '../../../../widget/i18n/locale.js';
import {
  fromChatMessage,
  shapeAt,
  TimelineCache,
  type Naming,
  type RowShape,
  type TimelineMessage,
} from '../../../../widget/features/messages/timeline.js';

/** The fields of `Message` (node_modules/@ably/chat/src/core/message.ts) that the timeline reads. */
function chatMessage(fields: Partial<Message> & { serial: string }): Message {
  return {
    clientId: 'dana',
    text: 'hello',
    timestamp: new Date(2025, 5, 15, 10, 0),
    metadata: {},
    headers: {},
    action: ChatMessageAction.MessageCreate,
    version: { serial: fields.serial, timestamp: new Date(2025, 5, 15, 10, 0) },
    reactions: { unique: {}, distinct: {}, multiple: {} },
    ...fields,
  } as unknown as Message;
}

const noNames = () => undefined;
const clock = (date: Date) => date.toISOString().slice(11, 16);
const naming = (me: string, nameOf: Naming['nameOf'] = noNames): Naming => ({
  me,
  nameOf,
  time: clock,
  you: 'You',
});

describe('fromChatMessage', () => {
  it('marks a message as own when its clientId is the viewer’s, and as someone else’s otherwise', () => {
    expect(fromChatMessage(chatMessage({ serial: 's1', clientId: 'ann' }), naming('ann')).own).toBe(true);
    expect(fromChatMessage(chatMessage({ serial: 's1', clientId: 'dana' }), naming('ann')).own).toBe(false);
  });

  it.each<[string, ChatMessageAction, boolean, boolean]>([
    ['created', ChatMessageAction.MessageCreate, false, false],
    ['updated', ChatMessageAction.MessageUpdate, true, false],
    ['deleted', ChatMessageAction.MessageDelete, false, true],
  ])('reads the edited and deleted flags of a %s message', (_case, action, edited, deleted) => {
    const m = fromChatMessage(chatMessage({ serial: 's1', action }), naming('ann'));
    expect({ edited: m.edited, deleted: m.deleted }).toEqual({ edited, deleted });
  });

  it.each<[string, string | undefined, string | undefined, string, string | undefined]>([
    [
      'the user claim when it has a name',
      '{"name":"Dana Ortiz","role":"agent"}',
      'Directory Dana',
      'Dana Ortiz',
      'agent',
    ],
    ['nameOf when the claim has no name', '{"role":"agent"}', 'Directory Dana', 'Directory Dana', 'agent'],
    ['nameOf when there is no claim', undefined, 'Directory Dana', 'Directory Dana', undefined],
    ['nameOf when the claim is malformed', '{"name":', 'Directory Dana', 'Directory Dana', undefined],
    ['nameOf when the claimed name is empty', '{"name":""}', 'Directory Dana', 'Directory Dana', undefined],
    ['the clientId when nothing names the sender', undefined, undefined, 'dana', undefined],
    ['the clientId when the claim is not an object', '"Dana"', undefined, 'dana', undefined],
  ])('takes the name from %s', (_case, userClaim, directoryName, name, role) => {
    const m = fromChatMessage(
      chatMessage({ serial: 's1', clientId: 'dana', userClaim }),
      naming('ann', (id) => (id === 'dana' ? directoryName : undefined)),
    );
    expect(m.name).toBe(name);
    expect(m.role).toBe(role);
    expect('role' in m).toBe(role !== undefined);
  });

  it('copies the text, time and serial, and keeps the SDK message as its source', () => {
    const at = new Date(2025, 0, 2, 3, 4);
    const source = chatMessage({ serial: '01735000000000-000@x:000', text: 'hi', timestamp: at });
    const m = fromChatMessage(source, naming('ann'));
    expect(m).toMatchObject({ key: '01735000000000-000@x:000', text: 'hi', at, state: 'sent', source });
  });

  it('turns distinct reactions into chips named by who reacted (You for the viewer), marks the viewer’s, and drops empty ones', () => {
    const m = fromChatMessage(
      chatMessage({
        serial: 's1',
        reactions: {
          unique: {},
          multiple: {},
          distinct: {
            '👍': { total: 2, clientIds: ['ann', 'sam'], clipped: false },
            '❤️': { total: 1, clientIds: ['sam'], clipped: false },
            '🎉': { total: 0, clientIds: [], clipped: false },
          },
        },
      }),
      naming('ann', (id) => (id === 'sam' ? 'Sam Ortiz' : undefined)),
    );
    expect(m.reactions).toEqual([
      { name: '👍', count: 2, names: ['You', 'Sam Ortiz'], mine: true },
      { name: '❤️', count: 1, names: ['Sam Ortiz'], mine: false },
    ]);
  });
});

const locale = new Locale('en');
const NOW = new Date(2025, 5, 15, 12, 0);
let nextKey = 0;

function message(clientId: string, at: Date): TimelineMessage {
  return {
    key: `k${++nextKey}`,
    clientId,
    name: clientId,
    text: `from ${clientId}`,
    segments: [{ text: `from ${clientId}` }],
    at,
    time: clock(at),
    own: clientId === 'ann',
    edited: false,
    deleted: false,
    state: 'sent',
    reactions: [],
    attachments: [],
    source: `local-${nextKey}`,
  };
}

/** The shape of every message, as the window draws them one by one from their neighbours. */
function shapes(messages: TimelineMessage[]): RowShape[] {
  return messages.map((_, i) => shapeAt((j) => messages[j], i, locale, NOW));
}

/** `D <label>` for a day separator, `sender first/last` for a message. */
function shape(messages: TimelineMessage[]): string[] {
  return shapes(messages).flatMap((row, i) => [
    ...(row.day ? [`D ${row.day.label}`] : []),
    `${messages[i]!.clientId}${row.first ? ' first' : ''}${row.last ? ' last' : ''}`,
  ]);
}

const at = (day: number, hour: number, minute: number, second = 0) =>
  new Date(2025, 5, day, hour, minute, second);

describe('shapeAt', () => {
  it('puts a day separator before the first message and before each new day, labelled Today and Yesterday', () => {
    expect(shape([message('dana', at(14, 9, 0)), message('dana', at(15, 9, 0))])).toEqual([
      'D Yesterday',
      'dana first last',
      'D Today',
      'dana first last',
    ]);
  });

  it('labels older days with their date', () => {
    const [row] = shapes([message('dana', at(10, 9, 0))]);
    expect(row!.day).toEqual({ label: 'Tuesday, June 10', key: 'day-2025-6-10' });
  });

  it('groups one sender’s messages less than 5 minutes apart, first and last marking the ends', () => {
    expect(
      shape([
        message('dana', at(15, 9, 0)),
        message('dana', at(15, 9, 4, 59)),
        message('dana', at(15, 9, 9, 58)),
      ]),
    ).toEqual(['D Today', 'dana first', 'dana', 'dana last']);
  });

  it('starts a new group when 5 minutes or more have passed', () => {
    expect(shape([message('dana', at(15, 9, 0)), message('dana', at(15, 9, 5))])).toEqual([
      'D Today',
      'dana first last',
      'dana first last',
    ]);
  });

  it('starts a new group when the sender changes', () => {
    expect(
      shape([message('dana', at(15, 9, 0)), message('ann', at(15, 9, 1)), message('ann', at(15, 9, 2))]),
    ).toEqual(['D Today', 'dana first last', 'ann first', 'ann last']);
  });

  it('starts a new group at midnight even within 5 minutes', () => {
    expect(shape([message('dana', at(14, 23, 58)), message('dana', at(15, 0, 1))])).toEqual([
      'D Yesterday',
      'dana first last',
      'D Today',
      'dana first last',
    ]);
  });

  it('shapes a message from its neighbours alone, as in the whole list', () => {
    const list = [message('dana', at(15, 9, 0)), message('dana', at(15, 9, 1)), message('ann', at(15, 9, 2))];
    // A window that holds only the middle message still knows it continues and ends a group.
    expect(shapeAt((j) => list[j], 1, locale, NOW)).toEqual({ first: false, last: true });
  });

  it('ends each group where the next one starts, and opens one at every day', () => {
    const senders = fc.constantFrom('ann', 'dana', 'sam');
    // Gaps from seconds to two days, so groups, breaks and day changes all occur.
    const gapMs = fc.oneof(fc.integer({ min: 0, max: 600_000 }), fc.integer({ min: 0, max: 2 * 86_400_000 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(senders, gapMs), { maxLength: 40 }), (steps) => {
        let t = at(1, 8, 0).getTime();
        const messages = steps.map(([sender, gap]) => message(sender, new Date((t += gap))));
        const rows = shapes(messages);
        rows.forEach((row, i) => {
          const next = rows[i + 1];
          // A day opens a group; a row is the last of its group exactly when the next does not continue it.
          if (row.day) expect(row.first).toBe(true);
          expect(row.last).toBe(!next || next.first);
          if (next && !next.first) {
            expect(messages[i + 1]!.clientId).toBe(messages[i]!.clientId);
            expect(messages[i + 1]!.at.getTime() - messages[i]!.at.getTime()).toBeLessThan(5 * 60_000);
            expect(next.day).toBeUndefined();
          }
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('TimelineCache', () => {
  it('converts a message once while its context holds, and again when the context changes', () => {
    const cache = new TimelineCache<object>();
    const key = {};
    let conversions = 0;
    const convert = () => {
      conversions++;
      return message('dana', at(15, 9, 0));
    };
    const first = cache.get(key, 'en|ann', convert);
    expect(cache.get(key, 'en|ann', convert)).toBe(first);
    expect(conversions).toBe(1);
    cache.get(key, 'ar|ann', convert);
    expect(conversions).toBe(2);
  });

  it('keeps at most 500 view models, dropping the least recently drawn', () => {
    const cache = new TimelineCache<object>();
    const keys = Array.from({ length: 501 }, () => ({}));
    let conversions = 0;
    const convert = () => {
      conversions++;
      return message('dana', at(15, 9, 0));
    };
    for (const key of keys.slice(0, 500)) cache.get(key, 'c', convert);
    cache.get(keys[0]!, 'c', convert); // drawn again: now the most recent
    cache.get(keys[500]!, 'c', convert); // one too many: keys[1] goes
    expect(conversions).toBe(501);
    cache.get(keys[0]!, 'c', convert);
    expect(conversions).toBe(501);
    cache.get(keys[1]!, 'c', convert);
    expect(conversions).toBe(502);
  });
});
