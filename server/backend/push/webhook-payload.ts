/** The messages of one channel in a webhook request, still in wire form. */
export interface ChannelMessages {
  channel: string;
  messages: unknown[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The `channel.message` events of an Ably webhook body (Ably's webhooks docs): an enveloped single request
 * (`{source, channel, messages}`) or a batch (`{items: [{source, data: {channelId, messages}}]}`). Other
 * sources are ignored. Undefined when the body is neither shape. Pure.
 */
export function channelMessagesOf(body: unknown): ChannelMessages[] | undefined {
  if (!isObject(body)) return undefined;
  if (Array.isArray(body.items)) {
    const out: ChannelMessages[] = [];
    for (const item of body.items) {
      if (!isObject(item) || !isObject(item.data)) return undefined;
      if (item.source !== 'channel.message') continue;
      const { channelId, messages } = item.data;
      if (typeof channelId !== 'string' || !Array.isArray(messages)) return undefined;
      out.push({ channel: channelId, messages });
    }
    return out;
  }
  if (typeof body.source === 'string') {
    if (body.source !== 'channel.message') return [];
    if (typeof body.channel !== 'string' || !Array.isArray(body.messages)) return undefined;
    return [{ channel: body.channel, messages: body.messages }];
  }
  return undefined;
}
