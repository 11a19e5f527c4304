import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import {
  FORMATS,
  collect,
  connectionState,
  nextEvent,
  realtime,
  rest,
  startLocalAbly,
  uniqueName,
} from '../../../support/local-ably.js';

describe.each(FORMATS)(
  'REST publish on behalf of a realtime connection over $format',
  ({ useBinaryProtocol }) => {
    // TM2h (ably-js rest/message "allows you to publish a message on behalf of a Realtime connection")
    it('attributes a message with a connectionKey to that connection and its clientId', async () => {
      const server = await startLocalAbly();
      const name = uniqueName();
      const client = realtime(server, useBinaryProtocol, { clientId: 'alice' });
      const channel = client.channels.get(name);
      await channel.attach();
      const received = nextEvent<Ably.InboundMessage>((listener) => void channel.subscribe(listener));

      await rest(server, useBinaryProtocol)
        .channels.get(name)
        .publish({ name: 'foo', data: 'bar', connectionKey: client.connection.key });
      const message = await received;
      expect(message.connectionId).toBe(client.connection.id);
      expect(message.clientId).toBe('alice');
      expect(message).not.toHaveProperty('connectionKey');
    });

    // TM2h: the message counts as the connection's own, so echoMessages: false holds it back from it
    it('does not echo a message published on behalf of a connection that set echoMessages false', async () => {
      const server = await startLocalAbly();
      const name = uniqueName();
      const quiet = realtime(server, useBinaryProtocol, { echoMessages: false });
      const quietChannel = quiet.channels.get(name);
      await quietChannel.attach();
      const quietGot = collect(quietChannel);
      const other = realtime(server, useBinaryProtocol).channels.get(name);
      const otherGot = nextEvent<Ably.InboundMessage>((listener) => void other.subscribe(listener));
      await other.attach();

      const publisher = rest(server, useBinaryProtocol).channels.get(name);
      await publisher.publish({ name: 'mine', data: 'x', connectionKey: quiet.connection.key });
      expect((await otherGot).connectionId).toBe(quiet.connection.id);
      await publisher.publish({ name: 'theirs', data: 'y' });
      // Frames reach a connection in order: once `theirs` is there, `mine` would have come before it.
      await vi.waitFor(() => expect(quietGot.map((m) => m.name)).toEqual(['theirs']));
    });

    // TM2h: "populate this with an invalid connectionKey when publishing and expect a suitable error"
    it('refuses a publish with an unknown connectionKey with 400/40006 and publishes nothing', async () => {
      const server = await startLocalAbly();
      const name = uniqueName();
      const client = rest(server, useBinaryProtocol);
      await expect(
        client.channels
          .get(name)
          .publish({ name: 'x', data: 'y', connectionKey: 'AAAAAAAAAAA!BBBBBBBBBBBBBBBB' }),
      ).rejects.toMatchObject({ code: 40006, statusCode: 400 });
      expect((await client.channels.get(name).history()).items).toEqual([]);
    });

    // TM2h: a key stops working once its connection is closed
    it('refuses the connectionKey of a closed connection with 40006', async () => {
      const server = await startLocalAbly();
      const client = realtime(server, useBinaryProtocol);
      await connectionState(client, 'connected');
      const key = client.connection.key!;
      client.close();
      await connectionState(client, 'closed');
      await expect(
        rest(server, useBinaryProtocol)
          .channels.get(uniqueName())
          .publish({ data: 'late', connectionKey: key }),
      ).rejects.toMatchObject({ code: 40006 });
    });

    // TM2h, RSL1m: the publisher cannot claim another clientId for the connection
    it('refuses with 40012 a clientId that is not the one of the connection', async () => {
      const server = await startLocalAbly();
      const client = realtime(server, useBinaryProtocol, { clientId: 'alice' });
      await connectionState(client, 'connected');
      await expect(
        rest(server, useBinaryProtocol)
          .channels.get(uniqueName())
          .publish({ data: 'x', clientId: 'mallory', connectionKey: client.connection.key }),
      ).rejects.toMatchObject({ code: 40012 });
    });
  },
);
