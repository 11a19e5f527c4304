import type { ChatMessageEvent } from '@ably/chat';
import { describe, expect, it, vi } from 'vitest';
import { TASK_ROOM_CHANNEL_FILTER } from '../../../server/backend/ably-auth/channel-names.js';
import type { AblyError } from '../../../server/ably-local/protocol/ably-error.js';
import { rejectionOf } from '../../support/chat.js';
import { FORMATS } from '../../support/local-ably.js';
import { joinRoom, startBackend, uniqueTaskId, type TestBackend } from './backend-harness.js';

const MODERATION_SECRET = 'moderation-secret-for-tests-0123456789ab';
const CONTACT = "Phone numbers and e-mail addresses can't be shared in this chat.";
const PHONE = 'call me on +44 20 7946 0958 instead';

/** The backend with `/api/moderation`, and its ably-local's rule pointing there (as `npm start` wires it). */
async function moderatedStack(secret = MODERATION_SECRET, reported: AblyError[] = []) {
  const backend = await startBackend(
    { moderationSecret: MODERATION_SECRET },
    { onError: (_operation, error) => reported.push(error) },
  );
  backend.ably.setModerationRules([
    {
      id: 'embedded-chat',
      channelFilter: TASK_ROOM_CHANNEL_FILTER,
      url: `${backend.url}/api/moderation`,
      headers: { authorization: `Bearer ${secret}` },
      failedAction: 'reject',
    },
  ]);
  return backend;
}

/** A task of `type` with a buyer and a seller in its room; the seller records what arrives. */
async function conversation(backend: TestBackend, type: string, binary: boolean) {
  const task = uniqueTaskId(type);
  await backend.createTask(
    task,
    [
      { userId: 'ann', role: 'buyer', name: 'Ann' },
      { userId: 'bob', role: 'seller', name: 'Bob' },
    ],
    { type, title: `${type} ${task}` },
  );
  const [ann, bob] = await Promise.all([
    joinRoom(backend, task, 'ann', 'buyer', binary),
    joinRoom(backend, task, 'bob', 'seller', binary),
  ]);
  const received: ChatMessageEvent[] = [];
  bob.room.messages.subscribe((event) => received.push(event));
  return { ann: ann.room, bob: bob.room, received };
}

describe.each(FORMATS)(
  'moderation before publish, ably-local → backend, over $format',
  ({ useBinaryProtocol }) => {
    it('delivers a clean message in an order', async () => {
      const backend = await moderatedStack();
      const { ann, received } = await conversation(backend, 'order', useBinaryProtocol);
      const sent = await ann.messages.send({ text: 'is the bike still for sale?' });
      await vi.waitFor(() => expect(received.map((e) => e.message.serial)).toEqual([sent.serial]));
    });

    it('rejects a phone number in an order with the policy’s reason; the seller and history never see it', async () => {
      const reported: AblyError[] = [];
      const backend = await moderatedStack(MODERATION_SECRET, reported);
      const { ann, bob, received } = await conversation(backend, 'order', useBinaryProtocol);
      const error = await rejectionOf(ann.messages.send({ text: PHONE }));
      expect(error.code).toBe(42213);
      expect(error.statusCode).toBe(422);
      expect(error.detail).toEqual({ reason: CONTACT, rule: 'contact-information', policy: 'marketplace' });
      const after = await ann.messages.send({ text: 'ok, see you at noon' });
      await vi.waitFor(() => expect(received.map((e) => e.message.serial)).toEqual([after.serial]));
      const history = await bob.messages.history({ limit: 100 });
      expect(history.items.map((m) => m.text)).toEqual(['ok, see you at noon']);
      expect(reported).toEqual([]); // a rejection is a decision, not a failure
    });

    it('delivers the same text in a ticket, whose policy does not mask contacts', async () => {
      const backend = await moderatedStack();
      const { ann, received } = await conversation(backend, 'ticket', useBinaryProtocol);
      await ann.messages.send({ text: PHONE });
      await vi.waitFor(() => expect(received.map((e) => e.message.text)).toEqual([PHONE]));
    });

    it('rejects an edit that adds a phone number, and the message stays as it was', async () => {
      const backend = await moderatedStack();
      const { ann, bob, received } = await conversation(backend, 'order', useBinaryProtocol);
      const sent = await ann.messages.send({ text: 'see you at noon' });
      await vi.waitFor(() => expect(received).toHaveLength(1));
      const error = await rejectionOf(
        ann.messages.update(sent.serial, { text: `see you at noon, or ${PHONE}` }),
      );
      expect(error.code).toBe(42213);
      expect(error.detail?.reason).toBe(CONTACT);
      expect((await bob.messages.get(sent.serial)).text).toBe('see you at noon');
      expect(received).toHaveLength(1);
    });
  },
);

describe('a moderation rule the backend does not recognise', () => {
  it('rejects every message with 42211 (the rule’s failed action) and ably-local reports it', async () => {
    const reported: AblyError[] = [];
    const backend = await moderatedStack('not-the-moderation-secret-0123456789abcdef', reported);
    const { ann, received } = await conversation(backend, 'ticket', false);
    const error = await rejectionOf(ann.messages.send({ text: 'hello' }));
    expect(error.code).toBe(42211);
    expect(error.message).toContain('answered 401');
    expect(received).toEqual([]);
    expect(reported.map((e) => e.code)).toEqual([42211]);
  });
});
