import { ChatMessageEventType, type Message } from '@ably/chat';
import { startRun } from '../agent-client/index.js';
import { parseClaimRole } from './claims.js';
import { HostChatClient, type HostSettings } from './host-client.js';
import type { DemoScenario } from './scenarios.js';
import { scriptedModel, type Script } from './scripted-model.js';

/** A customer asking for their order history gets the long run (about 20 s): time to close the pane. */
const RESEARCH = /order history/iu;

/** The long run: an agent looking through a customer's orders, then its findings. */
export function researchScript(name: string): Script {
  return [
    `Sure, ${name} — I’ll look through your order history. This takes a moment.\n\n`,
    { pauseMs: 2_500 },
    'Found 6 orders since March. ',
    { pauseMs: 2_000 },
    'Checking each delivery and refund…\n\n',
    { pauseMs: 3_000 },
    '• Order 8841, blue ceramic vase: arrived with a crack on 12 May; a return label was sent and the refund of €48 went out on 15 May.\n',
    { pauseMs: 1_200 },
    '• Order 8790, two linen cushions: delivered on time.\n',
    { pauseMs: 1_200 },
    '• Order 8652, table lamp: delivered two days late; a €5 voucher was added to your account.\n',
    { pauseMs: 1_000 },
    '• Orders 8511, 8473 and 8402: delivered on time.\n\n',
    'Nothing is open on your side: no refunds pending and no parcels on the way. Your sign-in trouble is not linked to any order — Dana will take it from here.',
  ];
}

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
 * answers the customer first — streamed word by word as an agent run with the Node helper, from a scripted
 * local "model" — and hands the ticket over to the agent (also when the customer stops the answer).
 * Asked for the customer's order history, it runs a long (~20 s) research: a customer who closes the chat
 * meanwhile gets the agent-complete push, and finds the finished reply on return.
 */
export class TicketBot {
  private _conversation: Message[] = [];
  /** Set as soon as the opening goes out, so a second quick customer message cannot trigger it again. */
  private _opened = false;

  private constructor(
    private readonly _client: HostChatClient,
    private readonly _settings: HostSettings,
    private readonly _task: string,
    private readonly _agentId: string,
    private readonly _customerName: string,
  ) {}

  static async start(settings: HostSettings, scenario: DemoScenario): Promise<TicketBot> {
    const botPerson = scenario.people.find((p) => p.role === 'bot')!;
    const customer = scenario.people.find((p) => p.role === 'customer')!;
    const client = await HostChatClient.open(settings, scenario.task, botPerson, true);
    const bot = new TicketBot(
      client,
      settings,
      scenario.task,
      botPerson.userId,
      customer.name.split(' ')[0]!,
    );
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
    const customer = parseClaimRole(message.userClaim) === 'customer';
    const lines = this._opened ? [] : botLines(this._conversation, this._customerName);
    if (lines.length > 0) this._opened = true;
    try {
      if (customer && RESEARCH.test(message.text)) {
        await this._stream(researchScript(this._customerName), message);
        return;
      }
      const [answer, handover] = lines;
      if (answer === undefined || handover === undefined) return;
      await this._stream([answer], message);
      await this._client.room.messages.send({ text: handover });
    } catch (err) {
      console.error(
        `demo: the help bot could not answer; ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  /**
   * One run answering the customer's message, the model piped into it with the Node helper
   * (`embedded-chat/agent`): a user's Stop fires `run.signal`, which stops the model.
   */
  private async _stream(script: Script, message: Message): Promise<void> {
    const { backendUrl, serverSecret } = this._settings;
    const run = await startRun({
      apiUrl: `${backendUrl}/api`,
      serverSecret,
      task: this._task,
      agentId: this._agentId,
      userId: message.clientId,
      inReplyTo: message.serial,
    });
    await run.pipe(scriptedModel(script, {}, run.signal));
  }

  async close(): Promise<void> {
    await this._client.close();
  }
}
