import type * as Ably from 'ably';
import { ChatClient, LogLevel, type Message, type PaginatedResult } from '@ably/chat';
import { BaseRealtime, FetchRequest, RealtimePresence, Rest, WebSocketTransport } from 'ably/modular';

/** What the baseline page is given: the same token route and participant token as the element. */
export interface BareChatOptions {
  tokenUrl: string;
  task: string;
  participantToken: string;
  /** Messages to show, newest first, paging back as far as needed (default: the latest page, 50). */
  count?: number;
}

/** The page keeps this, as the element keeps its client, so nothing is collected while it is measured. */
export interface BareChat {
  chat: ChatClient;
  shown: number;
}

const PAGE_SIZE = 50;

/**
 * The benchmark's baseline (`npm run bench -- widget`): the least a page can do to show a conversation with
 * the same SDKs the element bundles — no Lit, no element. Asks the backend for a token exactly as the element
 * does (`POST /api/token` with the participant token), connects `ably/modular` with the element's plugins,
 * attaches the room, writes the latest `count` messages of history into `list` as plain text rows (pages of
 * 50, as the element reads them) and scrolls the list to the newest, where the element opens.
 */
export async function openBareChat(list: HTMLElement, options: BareChatOptions): Promise<BareChat> {
  const response = await fetch(options.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ task: options.task, participantToken: options.participantToken }),
    credentials: 'same-origin',
  });
  if (!response.ok)
    throw new Error(`unable to open the baseline chat; the backend answered ${response.status}`);
  const answer = (await response.json()) as {
    token: string;
    room: string;
    clientOptions: Ably.ClientOptions;
  };
  const realtime = new BaseRealtime({
    ...answer.clientOptions,
    token: answer.token,
    logLevel: 0,
    plugins: { WebSocketTransport, FetchRequest, RealtimePresence, Rest },
  }) as unknown as Ably.Realtime;
  const chat = new ChatClient(realtime, { logLevel: LogLevel.Silent });
  const room = await chat.rooms.get(answer.room);
  const subscription = room.messages.subscribe(() => undefined);
  await room.attach();
  let page: PaginatedResult<Message> | null = await subscription.historyBeforeSubscribe({ limit: PAGE_SIZE });
  const count = options.count ?? PAGE_SIZE;
  let shown = 0;
  while (page) {
    // Pages come newest first; each older page goes above the rows already shown.
    list.prepend(...page.items.map((m) => row(m.text)).reverse());
    shown += page.items.length;
    page = shown < count && page.hasNext() ? await page.next() : null;
  }
  list.scrollTop = list.scrollHeight;
  return { chat, shown };
}

function row(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}
