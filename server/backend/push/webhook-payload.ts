/** The webhook sources the backend reads. */
export type WebhookSource = 'channel.message' | 'channel.presence';

/** The messages (or presence messages) of one channel in a webhook request, still in wire form. */
export interface ChannelEvents {
  source: WebhookSource;
  channel: string;
  items: unknown[];
}

const ITEMS_KEY: Record<WebhookSource, 'messages' | 'presence'> = {
  'channel.message': 'messages',
  'channel.presence': 'presence',
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isSource = (v: unknown): v is WebhookSource => v === 'channel.message' || v === 'channel.presence';

/**
 * The `channel.message` and `channel.presence` events of an Ably webhook body (Ably's webhooks docs), in their
 * order: an enveloped single request (`{source, channel, messages | presence}`) or a batch
 * (`{items: [{source, data: {channelId, messages | presence}}]}`). Other sources are ignored. Undefined when
 * the body is neither shape. Pure.
 */
export function channelEventsOf(body: unknown): ChannelEvents[] | undefined {
  if (!isObject(body)) return undefined;
  if (Array.isArray(body.items)) {
    const out: ChannelEvents[] = [];
    for (const item of body.items) {
      if (!isObject(item) || !isObject(item.data)) return undefined;
      if (!isSource(item.source)) continue;
      const { channelId } = item.data;
      const items = item.data[ITEMS_KEY[item.source]];
      if (typeof channelId !== 'string' || !Array.isArray(items)) return undefined;
      out.push({ source: item.source, channel: channelId, items });
    }
    return out;
  }
  if (typeof body.source === 'string') {
    if (!isSource(body.source)) return [];
    const items = body[ITEMS_KEY[body.source]];
    if (typeof body.channel !== 'string' || !Array.isArray(items)) return undefined;
    return [{ source: body.source, channel: body.channel, items }];
  }
  return undefined;
}
