import { ChatClient, LogLevel, type Message } from '@ably/chat';
import * as Ably from 'ably';
import { expect } from 'chai';
import type { IssuedToken } from '../../../server/backend/tokens/token-issuer.js';
import { startChatStack, uniqueTaskId, waitFor, type ChatStack } from './chat-stack.js';
import { afterEach, describe, it } from './mocha-globals.js';

/** What the element does: `POST token-url` from the page (cross-origin to the backend). */
async function requestToken(stack: ChatStack, participantToken: string): Promise<IssuedToken> {
  const response = await fetch(stack.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ participantToken }),
  });
  expect(response.status).to.equal(200);
  return (await response.json()) as IssuedToken;
}

describe('the chat stack harness', function () {
  this.timeout(20_000);
  const stacks: ChatStack[] = [];
  const clients: Ably.Realtime[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(stacks.splice(0).map((stack) => stack.stop()));
  });

  it('gives the page a token, live messages, reconnection after a drop and occupancy when a browser chats', async () => {
    const stack = await startChatStack({ allowedOrigins: [location.origin] });
    stacks.push(stack);
    expect(new URL(stack.backendUrl).origin).not.to.equal(location.origin);
    const task = uniqueTaskId();
    const created = await stack.createTask({
      task,
      type: 'order',
      title: 'Order 8841',
      url: 'https://shop.example/orders/8841',
      participants: [
        { userId: 'ann', role: 'buyer', name: 'Ann' },
        { userId: 'sam', role: 'seller', name: 'Sam' },
      ],
    });
    expect(created.participants.map((p) => p.userId)).to.deep.equal(['ann', 'sam']);

    const participantToken = await stack.participantToken({ task, userId: 'ann', role: 'buyer' });
    const issued = await requestToken(stack, participantToken);
    expect(issued).to.include({ task, title: 'Order 8841', url: 'https://shop.example/orders/8841' });
    expect(issued.clientOptions.port).to.equal(Number(new URL(stack.ablyPublicUrl).port));

    let cached: string | undefined = issued.token;
    const realtime = new Ably.Realtime({
      ...(issued.clientOptions as Ably.ClientOptions),
      useBinaryProtocol: false,
      logLevel: 0,
      authCallback: (_params, callback) => {
        const token = cached;
        cached = undefined;
        if (token) callback(null, token);
        else
          requestToken(stack, participantToken).then(
            (again) => callback(null, again.token),
            (err: Error) => callback(err.message, null),
          );
      },
    });
    clients.push(realtime);
    const room = await new ChatClient(realtime, { logLevel: LogLevel.Silent }).rooms.get(issued.room);
    const received: Message[] = [];
    room.messages.subscribe((event) => received.push(event.message));
    await room.attach();

    const first = await stack.sendAs({ task, userId: 'sam', text: 'Shipped today' });
    const message = await waitFor(() => received.find((m) => m.serial === first), { what: 'first message' });
    expect(message).to.include({ text: 'Shipped today', clientId: 'sam' });
    expect(JSON.parse(message.userClaim!)).to.deep.equal({ role: 'seller', name: 'Sam' });
    expect((await stack.occupancy({ task })).connections).to.equal(1);

    const disconnected = realtime.connection.whenState('disconnected');
    expect(await stack.dropConnections()).to.be.greaterThanOrEqual(1);
    await disconnected;
    await realtime.connection.whenState('connected');
    const second = await stack.sendAs({ task, userId: 'sam', text: 'Out for delivery' });
    await waitFor(() => received.find((m) => m.serial === second), { what: 'message after reconnecting' });
    // The resumed connection is the same one: ably-local counts it once.
    expect((await stack.occupancy({ task })).connections).to.equal(1);

    realtime.close();
    await realtime.connection.whenState('closed');
    await waitFor(async () => (await stack.occupancy({ task })).connections === 0, {
      what: 'ably-local to see the connection closed',
    });
  });

  // How long seeding takes against plain publishes is a benchmark: npm run bench -- worst-case.
  it('advances read state from the page and seeds history when a test needs many messages', async () => {
    const stack = await startChatStack({ allowedOrigins: [location.origin] });
    stacks.push(stack);
    const task = uniqueTaskId('ticket');
    await stack.createTask({
      task,
      type: 'ticket',
      title: 'Printer on fire',
      participants: [
        { userId: 'ann', role: 'customer', name: 'Ann' },
        { userId: 'dana', role: 'agent', name: 'Dana' },
      ],
    });
    const serials = await stack.seedHistory({ task, userId: 'dana', count: 120 });
    expect(serials).to.have.length(120);
    expect([...serials].sort()).to.deep.equal(serials);

    const participantToken = await stack.participantToken({ task, userId: 'ann', role: 'customer' });
    const response = await fetch(stack.readStateUrl, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ participantToken, serial: serials[119] }),
    });
    expect(response.status).to.equal(200);
    const markers = await stack.readState({ task, userId: 'dana' });
    expect(markers.map((m) => [m.userId, m.serial])).to.deep.equal([
      ['ann', serials[119]],
      ['dana', null],
    ]);
  });

  it('rejects with the backend’s answer when a command is refused', async () => {
    const stack = await startChatStack();
    stacks.push(stack);
    const task = uniqueTaskId();
    await stack.createTask({ task, type: 'order', title: 'o', participants: [] });
    let error: unknown;
    try {
      await stack.sendAs({ task, userId: 'nobody', text: 'hi' });
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.match(/nobody is not a participant/);
    await stack.closeTask({ task });
    const removed = await stack
      .addParticipant({ task, userId: 'late', role: 'buyer', name: 'Late' })
      .catch(String);
    expect(removed).to.match(/409/);
  });
});
