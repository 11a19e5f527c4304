import * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import { attachedRoom, chatClient, keyChatClient, roomToken } from '../../../support/chat.js';
import { FORMATS, realtime, sdkOptions, startLocalAbly, uniqueName } from '../../../support/local-ably.js';

const MISSING = '99999999999999-999@nobody:000';

/** Issue #7 finding 6: a token for room A learns nothing about room B's serials (DESIGN §6.3). */
describe.each(FORMATS)('capability before lookup over $format', ({ useBinaryProtocol }) => {
  async function setup() {
    const server = await startLocalAbly();
    const roomA = uniqueName('a');
    const roomB = uniqueName('b');
    const owner = await attachedRoom(keyChatClient(server, useBinaryProtocol, 'bob'), roomB);
    const { serial } = await owner.messages.send({ text: 'in room B' });
    const token = roomToken(server, { clientId: 'mallory', room: roomA });
    return { server, roomA, roomB, serial, token };
  }

  it('answers a realtime update or delete of room B with 40160 whether or not the serial exists', async () => {
    const { server, roomB, serial, token } = await setup();
    const channel = realtime(server, useBinaryProtocol, { token }).channels.get(`${roomB}::$chat`);
    for (const target of [serial, MISSING]) {
      await expect(
        channel.updateMessage({ serial: target, data: 'x' } as Ably.Message),
      ).rejects.toMatchObject({
        code: 40160,
      });
      await expect(channel.deleteMessage({ serial: target } as Ably.Message)).rejects.toMatchObject({
        code: 40160,
      });
    }
  });

  it('answers a REST update of room B with 40160 whether or not the serial exists', async () => {
    const { server, roomB, serial, token } = await setup();
    const channel = new Ably.Rest(sdkOptions(server, useBinaryProtocol, { token })).channels.get(
      `${roomB}::$chat`,
    );
    for (const target of [serial, MISSING]) {
      await expect(
        channel.updateMessage({ serial: target, data: 'x' } as Ably.Message),
      ).rejects.toMatchObject({
        code: 40160,
      });
    }
  });

  it('answers a Chat update or delete in room B with 40160 whether or not the serial exists', async () => {
    const { server, roomA, roomB, serial } = await setup();
    const chat = chatClient(server, useBinaryProtocol, { clientId: 'mallory', room: roomA });
    const room = await chat.rooms.get(roomB);
    for (const target of [serial, MISSING]) {
      await expect(room.messages.update(target, { text: 'forged' })).rejects.toMatchObject({ code: 40160 });
      await expect(room.messages.delete(target)).rejects.toMatchObject({ code: 40160 });
    }
  });

  it('still answers 40400 for an unknown serial to a caller that may edit the room', async () => {
    const { server, roomB } = await setup();
    const room = await attachedRoom(keyChatClient(server, useBinaryProtocol, 'bob'), roomB);
    await expect(room.messages.update(MISSING, { text: 'x' })).rejects.toMatchObject({ code: 40400 });
  });
});
