import type * as Ably from 'ably';
import { ChatClient, LogLevel, MessageReactionType, type Room } from '@ably/chat';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TokenAnswer } from '../../server/contract/api-contract.js';
import { EmbeddedChatErrorEvent, type ErrorDetail } from '../events/error-event.js';
import { EmbeddedChatReadyEvent } from '../events/ready-event.js';
import { EmbeddedChatStatusEvent, type ConnectionState } from '../events/status-event.js';
import { fetchToken, type Credential, type TokenPrefetch } from './backend-client.js';
import { LiveSession, type ChatSession } from './chat-session.js';
import * as ErrorCode from './error-codes.js';
import { errorDetail, toErrorInfo } from './error-detail.js';
import { createRealtimeClient } from './realtime-client.js';
import type { RoomFeature } from './room-feature.js';

/** What the session needs from the element's settings. */
export interface SessionConfig {
  task: string;
  tokenUrl: string;
  participantToken?: string;
  getParticipantToken?: () => Promise<string>;
  /** A user token (the inbox's): the backend gives the token of the task the user belongs to, with their role. */
  userToken?: string;
  getUserToken?: () => Promise<string>;
  /** Hands over the loader's token request once (then returns undefined). */
  takePrefetch?: () => TokenPrefetch | undefined;
}

export type SessionPhase =
  | { phase: 'idle' }
  | { phase: 'loading' }
  | { phase: 'ready'; session: ChatSession; room: Room }
  | { phase: 'error'; error: ErrorDetail };

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The chat session of one element: asks the backend for a token, connects `ably` with an `authCallback` that
 * asks again on expiry (ably-js renews by itself), opens the task's room through `@ably/chat`, and drives the
 * room features. Releases the room and closes the connection when the element leaves the page.
 */
export class SessionController implements ReactiveController {
  state: SessionPhase = { phase: 'idle' };
  connection: ConnectionState = 'initialized';
  private _generation = 0;
  private _realtime?: Ably.Realtime;
  private _chat?: ChatClient;
  private _session?: LiveSession;
  private _room?: Room;
  private _everConnected = false;
  private _participantToken?: string;
  private _userToken?: string;
  private _retryOnFailure = false;

  constructor(
    private readonly _host: Host,
    private readonly _config: () => SessionConfig,
    private readonly _features: RoomFeature[],
  ) {
    _host.addController(this);
  }

  /** The Ably client of the open session (features that follow other channels of the task use it). */
  get realtime(): Ably.Realtime | undefined {
    return this._realtime;
  }

  /** True after the first successful connection: later losses are reconnections. */
  get everConnected(): boolean {
    return this._everConnected;
  }

  hostConnected(): void {
    void this._start();
  }

  hostDisconnected(): void {
    this._stop();
  }

  /** Starts over (new task, token URL or credential; or the user pressed Retry after a failure). */
  restart(): void {
    this._stop();
    if (this._host.isConnected) void this._start();
  }

  /** Asks ably-js to connect now instead of waiting for its next retry. */
  reconnect(): void {
    if (this.connection === 'failed' || this.state.phase !== 'ready') return this.restart();
    // An attempt in flight ignores connect(): try again the moment it fails, not at the SDK's next retry.
    this._retryOnFailure = this.connection === 'connecting';
    this._realtime?.connection.connect();
  }

  /**
   * Adds a feature loaded after the session began (a lazily loaded chunk); when the room is already open it
   * begins, prepares and starts at once.
   */
  addFeature(feature: RoomFeature): void {
    this._features.push(feature);
    const session = this._session;
    if (!session) return;
    feature.begin?.(session);
    const room = this._room;
    if (!room) return;
    feature.prepare?.(room, session);
    if (this.state.phase !== 'ready') return;
    // The chat is open already: a feature that cannot start (presence refused meanwhile) is reported, not fatal.
    Promise.resolve(feature.start?.(room, session)).catch((err: unknown) =>
      this._host.dispatchEvent(new EmbeddedChatErrorEvent(errorDetail(err))),
    );
  }

  private async _start(): Promise<void> {
    const generation = ++this._generation;
    const stale = () => generation !== this._generation;
    const config = this._config();
    if (!config.task || !config.tokenUrl) {
      this._setState({ phase: 'idle' });
      return;
    }
    this._setState({ phase: 'loading' });
    try {
      const credential = (fresh = false) => this._credential(config, fresh);
      const answer = await this._firstToken(config, credential);
      if (stale()) return;
      const session = new LiveSession(answer, new URL(config.tokenUrl, document.baseURI).href, credential);
      this._session = session;
      // Work that needs only the backend runs while the connection opens and the room attaches.
      for (const feature of this._features) feature.begin?.(session);
      const room = await this._openRoom(session, stale);
      if (!room) return;
      for (const feature of this._features) feature.prepare?.(room, session);
      await room.attach();
      if (stale()) return;
      this._setState({ phase: 'ready', session, room });
      await Promise.all(this._features.map((feature) => feature.start?.(room, session)));
      if (stale()) return;
      this._host.dispatchEvent(
        new EmbeddedChatReadyEvent({ task: answer.task, clientId: answer.clientId, role: answer.role }),
      );
    } catch (err) {
      if (stale()) return;
      const error = errorDetail(err);
      this._stop();
      this._setState({ phase: 'error', error });
      this._host.dispatchEvent(new EmbeddedChatErrorEvent(error));
    }
  }

  /** Connects with the session's token (renewed through the backend) and gets the task's room. */
  private async _openRoom(session: LiveSession, stale: () => boolean): Promise<Room | undefined> {
    const { answer } = session;
    const realtime = createRealtimeClient({
      ...answer.clientOptions,
      token: answer.token,
      authCallback: (_params, callback) => {
        this._renew(session).then(
          (token) => callback(null, token),
          (err: unknown) => callback(toErrorInfo(err), null),
        );
      },
      logLevel: 0,
    });
    this._realtime = realtime;
    const chat = new ChatClient(realtime, { logLevel: LogLevel.Silent });
    this._chat = chat;
    chat.connection.onStatusChange((change) => {
      if (!stale()) this._onConnection(change.current, change.previous, change.error);
    });
    const room = await chat.rooms.get(answer.room, {
      messages: { defaultMessageReactionType: MessageReactionType.Distinct },
    });
    if (stale()) return undefined;
    this._room = room;
    return room;
  }

  private _stop(): void {
    this._generation++;
    for (const feature of this._features) feature.stop();
    const chat = this._chat;
    const realtime = this._realtime;
    this._chat = undefined;
    this._realtime = undefined;
    this._session = undefined;
    this._room = undefined;
    this._everConnected = false;
    this._participantToken = undefined;
    this._userToken = undefined;
    this.connection = 'initialized';
    if (this.state.phase === 'ready') this.state = { phase: 'idle' };
    if (realtime) {
      // Releasing detaches the room (presence leaves with it); closing ends the socket however that went.
      const released = chat ? chat.dispose() : Promise.resolve();
      void released.catch(() => undefined).finally(() => realtime.close());
    }
  }

  /** The first token: the loader's request when it is for this task, else a new one. */
  private async _firstToken(
    config: SessionConfig,
    credential: (fresh?: boolean) => Promise<Credential>,
  ): Promise<TokenAnswer> {
    const prefetch = config.takePrefetch?.();
    if (!prefetch || prefetch.task !== config.task || prefetch.tokenUrl !== config.tokenUrl) {
      return fetchToken(await credential(true));
    }
    this._participantToken = await prefetch.participantToken;
    return fetchToken(await credential(), prefetch.response);
  }

  /**
   * Who the element says it is: the host's `getParticipantToken()` (asked again only when `fresh`, i.e. for
   * each Ably token), else the attribute's participant token; else a user token the same way.
   */
  private async _credential(config: SessionConfig, fresh: boolean): Promise<Credential> {
    if (config.getParticipantToken && (fresh || this._participantToken === undefined)) {
      this._participantToken = await config.getParticipantToken();
    } else if (config.getUserToken && (fresh || this._userToken === undefined)) {
      this._userToken = await config.getUserToken();
    }
    const participantToken = config.getParticipantToken
      ? this._participantToken
      : config.participantToken || undefined;
    const userToken = config.getUserToken ? this._userToken : config.userToken || undefined;
    return {
      tokenUrl: new URL(config.tokenUrl, document.baseURI).href,
      task: config.task,
      ...(participantToken ? { participantToken } : userToken ? { userToken } : {}),
    };
  }

  /** authCallback: a new Ably token, and with it the participant's permissions now. */
  private async _renew(session: LiveSession): Promise<string> {
    let answer: TokenAnswer;
    try {
      answer = await fetchToken(await session.credential(true));
    } catch (err) {
      const error = errorDetail(err);
      if (!this._config().getParticipantToken && error.code === ErrorCode.ParticipantTokenExpired) {
        error.remediation =
          'the participant-token attribute has expired; give the element a getParticipantToken function so it can fetch fresh ones';
      }
      this._host.dispatchEvent(new EmbeddedChatErrorEvent(error));
      throw err;
    }
    session.renew(answer);
    this._host.requestUpdate();
    return answer.token;
  }

  private _onConnection(current: string, previous: string, error?: Ably.ErrorInfo): void {
    const state = current as ConnectionState;
    this.connection = state;
    if (state === 'connected') {
      this._everConnected = true;
      this._retryOnFailure = false;
    }
    if (this._retryOnFailure && (state === 'disconnected' || state === 'suspended')) {
      this._retryOnFailure = false;
      this._realtime?.connection.connect();
    }
    this._host.dispatchEvent(new EmbeddedChatStatusEvent({ state, previous: previous as ConnectionState }));
    if (state === 'failed' && error) {
      this._host.dispatchEvent(
        new EmbeddedChatErrorEvent({ code: error.code, message: `unable to connect; ${error.message}` }),
      );
    }
    this._host.requestUpdate();
  }

  private _setState(state: SessionPhase): void {
    this.state = state;
    this._host.requestUpdate();
  }
}
