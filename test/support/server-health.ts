import type { ChatMessageEvent } from '@ably/chat';
import { expect, vi } from 'vitest';
import type { LocalAbly } from '../../server/ably-local/create-server.js';
import { attachedRoom, chatClient } from './chat.js';
import { uniqueName } from './local-ably.js';

/**
 * After an attack: the process still answers `/time`, and two fresh `@ably/chat` clients on room tokens
 * still chat (a REST send delivered live over the WebSocket).
 */
export async function expectServerHealthy(server: LocalAbly): Promise<void> {
  const time = await fetch(`${server.url}/time`);
  expect(time.status).toBe(200);
  expect(await time.json()).toEqual([expect.any(Number)]);
  const room = uniqueName('healthy');
  const [alice, bob] = await Promise.all([
    attachedRoom(chatClient(server, false, { clientId: `${room}-a`, room }), room),
    attachedRoom(chatClient(server, true, { clientId: `${room}-b`, room }), room),
  ]);
  const received: ChatMessageEvent[] = [];
  bob.messages.subscribe((event) => received.push(event));
  await alice.messages.send({ text: 'still chatting' });
  await vi.waitFor(() => expect(received.map((e) => e.message.text)).toEqual(['still chatting']));
}
