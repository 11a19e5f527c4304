import { ChatMessageEventType, type Message } from '@ably/chat';
import { parseClaimRole } from './claims.js';
import { HostChatClient, type HostSettings } from './host-client.js';
import type { DemoScenario } from './scenarios.js';

/** What the help bot says to a new ticket: an answer, then the handover. */
const OPENING = [
  (name: string) =>
    `Hi ${name}! I’m the help bot. Sign-in trouble after an update is usually fixed by signing out on every device and clearing the app’s cache — worth a try while I bring in a person.`,
  (name: string) => `I’ve handed your ticket to an agent, ${name}. They will reply right here.`,
];

const CUSTOMER_CLAIM = JSON.stringify({ role: 'customer' });

/**
 * What the bot says now: its opening, once, after the customer's first message, unless an agent has already
 * taken the ticket. Pure.
 */
export function botLines(conversation: Pick<Message, 'userClaim'>[], customerName: string): string[] {
  const roles = conversation.map((m) => parseClaimRole(m.userClaim));
  if (roles.some((r) => r === 'bot' || r === 'agent' || r === 'moderator')) return [];
  return roles[roles.length - 1] === 'customer' ? OPENING.map((line) => line(customerName)) : [];
}

/**
 * The ticket's help bot: a participant with the `bot` role (its messages carry a verified bot badge) that
 * answers the customer first and hands the ticket over to the agent.
 */
export class TicketBot {
  private _conversation: Message[] = [];
  /** Set as soon as the opening goes out, so a second quick customer message cannot trigger it again. */
  private _opened = false;

  private constructor(
    private readonly _client: HostChatClient,
    private readonly _customerName: string,
  ) {}

  static async start(settings: HostSettings, scenario: DemoScenario): Promise<TicketBot> {
    const botPerson = scenario.people.find((p) => p.role === 'bot')!;
    const customer = scenario.people.find((p) => p.role === 'customer')!;
    const client = await HostChatClient.open(settings, scenario.task, botPerson, true);
    const bot = new TicketBot(client, customer.name.split(' ')[0]!);
    const subscription = client.room.messages.subscribe((event) => {
      if (event.type === ChatMessageEventType.Created) void bot._onMessage(event.message);
    });
    const history = await subscription.historyBeforeSubscribe({ limit: 100 });
    bot._conversation = [...history.items].reverse();
    bot._opened = botLines([...bot._conversation, { userClaim: CUSTOMER_CLAIM }], '').length === 0;
    return bot;
  }

  private async _onMessage(message: Message): Promise<void> {
    this._conversation.push(message);
    const lines = this._opened ? [] : botLines(this._conversation, this._customerName);
    if (lines.length > 0) this._opened = true;
    try {
      for (const text of lines) await this._client.room.messages.send({ text });
    } catch (err) {
      console.error(
        `demo: the help bot could not answer; ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  async close(): Promise<void> {
    await this._client.close();
  }
}
