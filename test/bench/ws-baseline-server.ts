import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/** Ably protocol actions the baseline understands (Ably protocol, TR2). */
const CONNECTED = 4;
const ATTACH = 10;
const ATTACHED = 11;
const PRESENCE = 14;
const MESSAGE = 15;

export interface WsBaseline {
  port: number;
  close(): Promise<void>;
}

/**
 * The yardstick for ably-local: the least a `ws` broadcast server can do. It speaks just enough of the Ably
 * protocol for the benchmark's raw clients (CONNECTED, ATTACH → ATTACHED) and, for every MESSAGE, sends the
 * inbound frame unchanged (encoded once: one buffer to every socket) to every other socket in the room; a
 * PRESENCE frame likewise.
 * No auth, no serials, no ACKs, no storage.
 */
export async function startWsBaseline(port = 0): Promise<WsBaseline> {
  const rooms = new Map<string, Set<WebSocket>>();
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  let nextId = 0;
  wss.on('connection', (ws) => {
    const joined = new Set<string>();
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const frame = data as Buffer;
      let pm: { action: number; channel?: string };
      try {
        pm = JSON.parse(frame.toString()) as typeof pm;
      } catch {
        return ws.terminate(); // only the benchmark's own clients connect; garbage means a bug there
      }
      if ((pm.action === MESSAGE || pm.action === PRESENCE) && pm.channel !== undefined) {
        for (const peer of rooms.get(pm.channel) ?? []) {
          if (peer !== ws) peer.send(frame, { binary: isBinary });
        }
      } else if (pm.action === ATTACH && pm.channel !== undefined) {
        let room = rooms.get(pm.channel);
        if (!room) rooms.set(pm.channel, (room = new Set()));
        room.add(ws);
        joined.add(pm.channel);
        ws.send(JSON.stringify({ action: ATTACHED, channel: pm.channel, channelSerial: '0', flags: 0 }));
      }
    });
    ws.on('close', () => {
      for (const name of joined) {
        const room = rooms.get(name);
        room?.delete(ws);
        if (room?.size === 0) rooms.delete(name);
      }
    });
    const id = `b${nextId++}`;
    ws.send(
      JSON.stringify({
        action: CONNECTED,
        connectionId: id,
        connectionDetails: { connectionKey: `${id}!k` },
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}
