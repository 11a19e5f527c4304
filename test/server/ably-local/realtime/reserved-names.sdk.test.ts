import type { OccupancyEvent } from '@ably/chat';
import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { attachedRoom, chatClient } from '../../../support/chat.js';
import { FORMATS, realtime, rest, startLocalAbly, uniqueName } from '../../../support/local-ably.js';

/** Issue #7 finding 7: `[meta]` message names are the server's (DESIGN §2.4). */
describe.each(FORMATS)('reserved message names over $format', ({ useBinaryProtocol }) => {
  it('refuses a realtime publish named [meta]occupancy with 40000 so Chat shows no fake occupancy', async () => {
    const server = await startLocalAbly();
    const room = uniqueName('room');
    const viewer = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'ann', room }),
      room,
      {
        occupancy: { enableEvents: true },
      },
    );
    const events: OccupancyEvent[] = [];
    viewer.occupancy.subscribe((event) => events.push(event));
    const mallory = realtime(server, useBinaryProtocol, { clientId: 'mallory' }).channels.get(
      `${room}::$chat`,
    );
    const fake = { metrics: { connections: 9999, presenceMembers: 9999 } };
    await expect(mallory.publish('[meta]occupancy', fake)).rejects.toMatchObject({ code: 40000 });
    await vi.waitFor(() => expect(viewer.occupancy.current?.connections).toBeGreaterThanOrEqual(1));
    expect(events.some((e) => e.occupancy.connections === 9999)).toBe(false);
    expect(viewer.occupancy.current?.connections).not.toBe(9999);
  });

  it('refuses a REST publish and an update renaming a message to [meta]… with 40000', async () => {
    const server = await startLocalAbly();
    const channel = rest(server, useBinaryProtocol).channels.get(uniqueName());
    await expect(channel.publish('[meta]channel.lifecycle', 'x')).rejects.toMatchObject({
      code: 40000,
      statusCode: 400,
    });
    const { serials } = await channel.publish('ordinary', 'x');
    await expect(
      channel.updateMessage({ serial: serials[0]!, name: '[meta]occupancy', data: 'y' } as Ably.Message),
    ).rejects.toMatchObject({ code: 40000 });
    const history = await channel.history();
    expect(history.items.map((m) => m.name)).toEqual(['ordinary']);
  });
});
