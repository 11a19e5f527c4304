import { describe, expect, it } from 'vitest';
import { attachedRoom, chatClient, rejectionOf } from '../../../support/chat.js';
import { FORMATS, startLocalAbly, uniqueName } from '../../../support/local-ably.js';
import { moderationEndpoint, rejectWhen } from '../../../support/moderation-endpoint.js';
import { WebhookReceiver } from '../../../support/webhook-receiver.js';

// DESIGN §12.4 and §14: webhooks see the stored message, and a rejected one is never stored.
describe.each(FORMATS)('webhooks on a moderated room over $format', ({ useBinaryProtocol }) => {
  it('posts the messages moderation accepted and never the one it rejected', async () => {
    const endpoint = await moderationEndpoint(rejectWhen('555-0100', 'no phone numbers'));
    const receiver = await WebhookReceiver.start();
    const server = await startLocalAbly({
      moderation: [{ id: 'mod', url: endpoint.url, channelFilter: '^task:' }],
      webhooks: [{ url: receiver.url, requestMode: 'single', channelFilter: '^task:' }],
    });
    const room = uniqueName('task:order');
    const alice = await attachedRoom(
      chatClient(server, useBinaryProtocol, { clientId: 'alice', room }),
      room,
    );
    await alice.messages.send({ text: 'is it still for sale?' });
    expect((await rejectionOf(alice.messages.send({ text: 'call me on 555-0100' }))).code).toBe(42213);
    await alice.messages.send({ text: 'thanks' });
    await receiver.until(() => receiver.requests.length === 2);
    const texts = receiver.requests.map(
      (r) => JSON.parse((r.json as { messages: { data: string }[] }).messages[0]!.data).text as string,
    );
    expect(texts.sort()).toEqual(['is it still for sale?', 'thanks']);
  });
});
