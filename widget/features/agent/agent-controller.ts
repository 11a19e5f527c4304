import type * as Ably from 'ably';
import type { ReactiveController } from 'lit';
import type { Message } from '@ably/chat';
import type { ChatSession } from '../../session/chat-session.js';
import type { RoomFeature } from '../../session/room-feature.js';
import type { AgentCore, AgentRuns, RunDecoration } from './agent-runs.js';
import type { AgentSignal } from './agent-signal.js';

const NONE: RunDecoration = { stamp: '' };

/**
 * AI agents' replies, as the chunk after the first conversation wires them: it watches for a live run — the
 * token answer's runs streaming when the chat opened or renewed its token, and the room's hint that one started
 * ({@link AgentSignal}) — and only then loads the agent feature ({@link AgentRuns}, a chunk of its own), which
 * attaches the task's agent channel while runs are live or recent. A task without agents downloads and attaches
 * nothing more.
 */
export class AgentController implements RoomFeature, ReactiveController {
  private _runs?: AgentRuns;
  private _loading?: Promise<AgentRuns>;
  private _session?: ChatSession;
  private _heard = 0;
  private _answer?: unknown;

  constructor(
    private readonly _core: AgentCore,
    private readonly _signal: AgentSignal,
    private readonly _realtime: () => Ably.Realtime | undefined,
  ) {
    _core.host.addController(this);
    _signal.onSignal = () => _core.host.requestUpdate();
  }

  start(_room: unknown, session: ChatSession): void {
    this._session = session;
    this._heard = 0;
    this._answer = undefined;
    this._core.host.requestUpdate();
  }

  stop(): void {
    this._session = undefined;
    this._runs?.close();
  }

  /** Before each render: a new hint, or a new token answer listing live runs, means a run to follow. */
  hostUpdate(): void {
    const session = this._session;
    if (!session) return;
    const answer = session.answer;
    const heard = this._signal.count;
    if (heard === this._heard && answer === this._answer) return;
    const live = heard > this._heard || answer.agentRuns.length > 0;
    this._heard = heard;
    this._answer = answer;
    if (!live) return;
    if (this._runs) this._runs.follow(session, this._realtime);
    else void this._load().then((runs) => this._session === session && runs.follow(session, this._realtime));
  }

  decorate(message: { key: string; source: Message | string }): RunDecoration {
    return this._runs?.decorate(message) ?? NONE;
  }

  tail() {
    return this._runs?.tail();
  }

  status() {
    return this._runs?.status();
  }

  private _load(): Promise<AgentRuns> {
    this._loading ??= import('./agent-runs.js').then(async ({ AgentRuns }) => {
      const root = this._core.host.shadowRoot;
      const sheet = AgentRuns.styles.styleSheet;
      if (root && sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      this._runs = await AgentRuns.create(this._core);
      this._core.host.requestUpdate();
      return this._runs;
    });
    return this._loading;
  }
}
