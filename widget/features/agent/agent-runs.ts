import type * as Ably from 'ably';
import type { Message } from '@ably/chat';
import { html, nothing } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AgentReplyMetadata } from '../../../server/contract/api-contract.js';
import { EmbeddedChatErrorEvent } from '../../events/error-event.js';
import { agentEn } from '../../i18n/agent-en.js';
import { baseLanguage } from '../../i18n/language-tag.js';
import type { Locale } from '../../i18n/locale.js';
import type { AgentStrings } from '../../i18n/strings.js';
import { backendRequest, callerBody } from '../../session/backend-client.js';
import type { ChatSession } from '../../session/chat-session.js';
import { insertionIndex, type MessagesController } from '../messages/messages-controller.js';
import { AgentChannel } from './agent-channel.js';
import { applyRunMessage, type AgentRun } from './agent-run.js';
import { renderRun } from './agent-run-view.js';
import { agentStyles } from './agent.styles.js';

/** The strings of agent replies in other languages, a chunk each (English is built in). */
const TABLES: Record<string, () => Promise<AgentStrings>> = {
  ar: () => import('../../i18n/agent-ar.js').then((m) => m.agentAr),
  es: () => import('../../i18n/agent-es.js').then((m) => m.agentEs),
};

/** How long the channel stays attached after the last run ended, for a follow-up run or a late update. */
const RECENT_MS = 30_000;
/** Consecutive messages of one sender within this gap form a group (as the message list groups them). */
const GROUP_GAP_MS = 5 * 60_000;

/** What the agent feature needs from the chat. */
export interface AgentCore {
  host: ReactiveControllerHost & HTMLElement;
  messages: MessagesController;
  locale: () => Locale;
  /** A participant's display name. */
  nameOf: (clientId: string) => string | undefined;
  /** The reader is at the newest message (the list follows a growing reply only then). */
  atBottom: () => boolean;
  /** The scrolling list, when drawn. */
  log: () => HTMLElement | null;
  /** Shows why an action was refused, above the composer. */
  showError: (err: unknown) => void;
  /** Moves focus to the composer (after the chat's next render). */
  focusInput: () => void;
}

/** What a message's row gets from the runs: the runs drawn after it, and whether it stands for one. */
export interface RunDecoration {
  after?: unknown;
  /** It is the reply of a run the reader watched: it takes the run's place without an appear animation. */
  still?: boolean;
  /** Changes when what is drawn after the row changes (not when a run's text grows: that draws itself). */
  stamp: string;
}

/**
 * AI agents' replies in the conversation, loaded only once a run is live (agent-controller.ts decides): the
 * task's agent channel ({@link AgentChannel}) folded into runs ({@link applyRunMessage}), each drawn as the
 * agent's bubble right after the newest message that came before it, growing in place; Stop for the person it
 * answers; one polite announcement when a reply starts and one when it is stopped or fails (a finished one is
 * announced as its message). When the agent posts the finished reply (a chat message whose metadata names the
 * run), that message takes the bubble's place in the same render: never both, never neither.
 */
export class AgentRuns implements ReactiveController {
  static readonly styles = agentStyles;
  private readonly _runs = new Map<string, AgentRun>();
  private readonly _channel: AgentChannel;
  private _session?: ChatSession;
  private _idle?: ReturnType<typeof setTimeout>;
  /** Runs to draw after each message (by its serial), and runs with no message before them. */
  private _byAnchor = new Map<string, AgentRun[]>();
  private _tail: AgentRun[] = [];
  /** Serials of reply messages standing for a run the reader watched. */
  private readonly _replies = new Set<string>();
  /** Runs whose reply has arrived (never drawn again). */
  private readonly _replied = new Set<string>();
  private readonly _stopping = new Set<string>();
  private _announcement?: { key: string; text: string };

  private constructor(
    private readonly _core: AgentCore,
    private readonly _strings: AgentStrings,
  ) {
    this._channel = new AgentChannel(
      (message) => this._onMessage(message),
      (err) => this._reportError(err),
    );
    _core.host.addController(this);
  }

  static async create(core: AgentCore): Promise<AgentRuns> {
    const strings = await (TABLES[baseLanguage(core.locale().lang)]?.() ?? agentEn);
    return new AgentRuns(core, strings);
  }

  /** A run is live (or may be): attach the agent channel, if not attached, until the runs have ended a while. */
  follow(session: ChatSession, realtime: () => Ably.Realtime | undefined): void {
    this._session = session;
    clearTimeout(this._idle);
    const client = realtime();
    if (client) this._channel.attach(client, session.answer.agentChannel);
    this._idleWhenEnded();
  }

  /** The session ended: every run is forgotten with it. */
  close(): void {
    clearTimeout(this._idle);
    this._channel.close();
    this._runs.clear();
    this._byAnchor.clear();
    this._tail = [];
    this._replies.clear();
    this._replied.clear();
    this._stopping.clear();
    this._announcement = undefined;
    this._session = undefined;
  }

  /** Before each render: place the runs among the messages, and retire those whose reply has arrived. */
  hostUpdate(): void {
    this._byAnchor = new Map();
    this._tail = [];
    if (this._runs.size === 0) return;
    const messages = this._core.messages;
    const list = messages.messages;
    for (const run of this._runs.values()) {
      if (!run.shown || this._replied.has(run.runId)) continue;
      // After the newest message sent before it, and never above the message it answers.
      const answered = run.inReplyTo === undefined ? -1 : messages.indexOf(run.inReplyTo);
      const anchor = Math.max(lastBefore(list, run.serial), answered < list.length ? answered : -1);
      // Only a finished run has a reply (a stopped or failed one keeps its bubble): no search for the others.
      const named = run.replySerial === undefined ? undefined : messages.bySerial(run.replySerial);
      const reply =
        run.status === 'cancelled' || run.status === 'failed'
          ? undefined
          : named?.clientId === run.agentId
            ? named
            : findReply(list, anchor + 1, run);
      if (reply) {
        this._replied.add(run.runId);
        this._replies.add(reply.serial);
        continue;
      }
      if (anchor === -1) {
        // Before every message: at the end, unless older history is still to load (then it is long past).
        if (!messages.hasOlder) this._tail.push(run);
        continue;
      }
      const key = list[anchor]!.serial;
      const runs = this._byAnchor.get(key);
      if (runs) runs.push(run);
      else this._byAnchor.set(key, [run]);
    }
  }

  /** The runs drawn after a message's row. */
  decorate(message: { key: string; source: Message | string }): RunDecoration {
    const still = this._replies.has(message.key);
    const runs = this._byAnchor.get(message.key);
    if (!runs) return still ? { still, stamp: '' } : { stamp: '' };
    const source = typeof message.source === 'string' ? undefined : message.source;
    return {
      after: this._render(runs, source),
      ...(still ? { still } : {}),
      stamp: runs.map((run) => this._stamp(run)).join(' '),
    };
  }

  /** The runs of a conversation with no message before them (an agent opening an empty one). */
  tail() {
    return this._tail.length > 0 ? this._render(this._tail, undefined) : undefined;
  }

  /** The polite status line for screen readers: told once when a reply starts, once when it stops or fails. */
  status() {
    const a = this._announcement;
    return html`<div class="sr" role="status" aria-live="polite">
      ${
        a
          ? repeat(
              [a],
              (x) => x.key,
              (x) => html`<p>${x.text}</p>`,
            )
          : nothing
      }
    </div>`;
  }

  private _render(runs: AgentRun[], before: Message | undefined) {
    const locale = this._core.locale();
    const me = this._session?.clientId;
    return runs.map((run, i) => {
      const previous =
        i > 0
          ? { clientId: runs[i - 1]!.agentId, at: runs[i - 1]!.at }
          : before && {
              clientId: before.clientId,
              at: before.timestamp.getTime(),
            };
      return renderRun(
        {
          run,
          name: this._nameOf(run),
          first: !previous || previous.clientId !== run.agentId || run.at - previous.at >= GROUP_GAP_MS,
          canStop: run.userId === me,
          stopping: this._stopping.has(run.runId),
          onStop: () => void this._stop(run),
          onGrow: () => this._keepBottom(),
        },
        locale,
        this._strings,
      );
    });
  }

  private _stamp(run: AgentRun): string {
    return `${run.serial}:${run.status}:${this._stopping.has(run.runId) ? 1 : 0}:${this._nameOf(run)}`;
  }

  private _nameOf(run: AgentRun): string {
    return this._core.nameOf(run.agentId) ?? run.agentId;
  }

  private _onMessage(message: Ably.InboundMessage): void {
    const change = applyRunMessage(this._runs, message);
    if (!change) return;
    const { run, kind } = change;
    if (kind === 'text') return;
    if (run.ended) {
      this._stopping.delete(run.runId);
      // Stop goes with the run's end: focus on it moves to the composer rather than to nowhere.
      const focused = this._core.host.shadowRoot?.activeElement;
      if (focused?.closest(`[data-key="run:${CSS.escape(run.runId)}"]`)) this._core.focusInput();
    }
    if (run.shown) this._announce(run, kind);
    this._idleWhenEnded();
    this._core.host.requestUpdate();
  }

  private _announce(run: AgentRun, kind: 'new' | 'status'): void {
    const name = this._nameOf(run);
    const s = this._strings;
    const text =
      kind === 'new'
        ? s.started(name)
        : run.status === 'cancelled'
          ? s.stoppedWith(name, run.text)
          : run.status === 'failed'
            ? s.failedWith(name, run.reason)
            : undefined;
    if (text) this._announcement = { key: `${run.runId}:${kind}`, text };
  }

  /** While the reader is at the newest message, a growing reply keeps it in view. */
  private _keepBottom(): void {
    const log = this._core.log();
    if (log && this._core.atBottom()) log.scrollTop = log.scrollHeight;
  }

  /** Once every run has ended, the channel stays a while for what follows, then detaches. */
  private _idleWhenEnded(): void {
    clearTimeout(this._idle);
    for (const run of this._runs.values()) if (!run.ended) return;
    this._idle = setTimeout(() => this._channel.detach(), RECENT_MS);
  }

  private async _stop(run: AgentRun): Promise<void> {
    const session = this._session;
    if (!session || this._stopping.has(run.runId)) return;
    this._stopping.add(run.runId);
    this._core.host.requestUpdate();
    try {
      await backendRequest(
        'POST',
        `${session.routes.agentRuns}/${encodeURIComponent(run.runId)}/stop`,
        callerBody(await session.credential()),
        'stop the reply',
      );
    } catch (err) {
      this._stopping.delete(run.runId);
      this._core.host.requestUpdate();
      this._core.showError(err);
    }
  }

  private _reportError(err: unknown): void {
    const info = err as Partial<Ably.ErrorInfo>;
    this._core.host.dispatchEvent(
      new EmbeddedChatErrorEvent({
        code: typeof info.code === 'number' ? info.code : 0,
        message: `unable to follow the agent's reply; ${info.message ?? String(err)}`,
      }),
    );
  }
}

/** The index of the newest message sent before `serial` (Ably serials begin with their time), or -1. */
function lastBefore(list: Message[], serial: string): number {
  return insertionIndex(list, serial) - 1;
}

/** The chat message the run's agent posted with its final text, among the messages from `from` on. */
function findReply(list: Message[], from: number, run: AgentRun): Message | undefined {
  for (let i = from; i < list.length; i++) {
    const message = list[i]!;
    const metadata = message.metadata as Partial<AgentReplyMetadata> | undefined;
    if (metadata?.agentRun === run.runId && message.clientId === run.agentId) return message;
  }
  return undefined;
}
