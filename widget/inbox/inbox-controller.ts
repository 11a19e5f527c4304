import type * as Ably from 'ably';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type {
  InboxAnswer,
  InboxRequest,
  InboxUpdate,
  UserTokenAnswer,
} from '../../server/contract/api-contract.js';
import { EmbeddedChatErrorEvent, type ErrorDetail } from '../events/error-event.js';
import { EmbeddedChatInboxUnreadEvent } from '../events/inbox-unread-event.js';
import { backendRequest, resolveRoute } from '../session/backend-client.js';
import { errorDetail, toErrorInfo } from '../session/error-detail.js';
import { createRealtimeClient } from '../session/realtime-client.js';
import { InboxList } from './inbox-list.js';

/** How failures read: "unable to open the inbox; …". */
const OPERATION = 'open the inbox';

/** Rows per page. */
const PAGE_SIZE = 30;

/** How long typing in the search box pauses before the list is read again. */
export const SEARCH_DEBOUNCE_MS = 250;

/** The longest query the backend takes (UTF-16 units). */
const MAX_QUERY = 100;

/**
 * How far back the inbox channel is read when it attaches: a first page ranks tasks as of a second before it
 * (so later pages skip and repeat none), and the updates of those moments bring the moves it did not show.
 */
const REWIND = '15s';

/** What the inbox reads from its element. */
export interface InboxConfig {
  tokenUrl: string;
  userToken: string;
  getUserToken?: () => Promise<string>;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The inbox's data: a user token for the user's own inbox channel (renewed by ably-js through the token route),
 * the pages of `POST /inbox`, and the channel's live updates merged into one list by version. Fires
 * `embedded-chat-inbox-unread` from `events` (the public element) whenever a count changes.
 */
export class InboxController implements ReactiveController {
  readonly list = new InboxList();
  phase: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  error?: ErrorDetail;
  offline = false;
  loadingMore = false;
  unreadOnly = false;
  /** The title search as typed (the list shows it once the debounce ends). */
  query = '';
  clientId?: string;
  /** The search the list was read with (trimmed), which live updates are held to. */
  private _searched = '';
  private _searchTimer?: ReturnType<typeof setTimeout>;
  private _cursor: string | null = null;
  private _realtime?: Ably.Realtime;
  private _routes?: { inbox: string };
  private _generation = 0;
  /** Updates heard while a first page is being read: applied again over it, as it may predate them. */
  private _pending: InboxUpdate[] = [];
  private _reloading = 0;
  private _reported = '';

  constructor(
    private readonly _host: Host,
    private readonly _config: () => InboxConfig,
    private readonly _events: () => HTMLElement,
  ) {
    _host.addController(this);
  }

  hostConnected(): void {
    if (this.phase === 'idle') void this.start();
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** (Re)starts from the token: the channel, then the first page. */
  async start(): Promise<void> {
    this.stop();
    const generation = ++this._generation;
    this.phase = 'loading';
    this._host.requestUpdate();
    try {
      const first = await this._token();
      if (generation !== this._generation) return;
      this.clientId = first.clientId;
      this._routes = { inbox: resolveRoute(this._tokenUrl(), first.routes.inbox) };
      let cached: string | undefined = first.token;
      const realtime = createRealtimeClient({
        ...(first.clientOptions as Ably.ClientOptions),
        authCallback: (_params, callback) => {
          const token = cached;
          cached = undefined;
          if (token) return callback(null, token);
          this._token().then(
            (answer) => callback(null, answer.token),
            (err: unknown) => callback(toErrorInfo(err, OPERATION), null),
          );
        },
      });
      this._realtime = realtime;
      realtime.connection.on((change) => {
        const offline = ['disconnected', 'suspended', 'failed'].includes(change.current);
        if (offline === this.offline) return;
        this.offline = offline;
        this._host.requestUpdate();
      });
      const channel = realtime.channels.get(first.channel, { params: { rewind: REWIND } });
      // After a gap the channel could not resume, what was published meanwhile is read again.
      channel.on('attached', (change) => {
        if (!change.resumed && this.phase === 'ready') void this.reload();
      });
      await channel.subscribe('inbox', (message) => this._onUpdate(message.data as InboxUpdate));
      if (generation !== this._generation) return;
      await this.reload();
    } catch (err) {
      if (generation !== this._generation) return;
      this._fail(err);
    }
  }

  stop(): void {
    this._generation++;
    clearTimeout(this._searchTimer);
    this._realtime?.close();
    this._realtime = undefined;
    this.list.clear();
    this._pending = [];
    this._cursor = null;
    this.phase = 'idle';
    this.offline = false;
    this.loadingMore = false;
  }

  /** Reads the first page again (the filter changed, or the channel lost its continuity). */
  async reload(): Promise<void> {
    const generation = this._generation;
    this._cursor = null;
    this._reloading++;
    const page = await this._page()
      .catch((err: unknown) => {
        if (generation === this._generation) this._fail(err);
        return undefined;
      })
      .finally(() => this._reloading--);
    if (!page || generation !== this._generation) return;
    this.list.clear();
    this._addPage(page);
    this.phase = 'ready';
    for (const update of this._pending.splice(0)) this.list.apply(update);
    this._changed();
  }

  /** The next page, when there is one and none is loading. */
  async loadMore(): Promise<void> {
    if (this.phase !== 'ready' || this.loadingMore || this._cursor === null) return;
    const generation = this._generation;
    this.loadingMore = true;
    this._host.requestUpdate();
    try {
      const page = await this._page(this._cursor);
      if (generation !== this._generation) return;
      this._addPage(page);
      this._changed();
    } catch (err) {
      if (generation === this._generation)
        this._events().dispatchEvent(new EmbeddedChatErrorEvent(errorDetail(err, OPERATION)));
    } finally {
      if (generation === this._generation) {
        this.loadingMore = false;
        this._host.requestUpdate();
      }
    }
  }

  setUnreadOnly(on: boolean): void {
    if (on === this.unreadOnly) return;
    this.unreadOnly = on;
    if (this.phase === 'ready') void this.reload();
  }

  /**
   * The title search: the list is read again with it once typing pauses ({@link SEARCH_DEBOUNCE_MS}), or at once
   * with `immediate` (cleared, or Enter). Live updates then add only tasks whose title matches.
   */
  setQuery(query: string, immediate = false): void {
    this.query = query;
    clearTimeout(this._searchTimer);
    const search = () => {
      const searched = capped(query.trim());
      if (searched === this._searched) return;
      this._searched = searched;
      this.list.matches = searched ? titleMatcher(searched) : undefined;
      if (this.phase === 'ready') void this.reload();
    };
    if (immediate) search();
    else this._searchTimer = setTimeout(search, SEARCH_DEBOUNCE_MS);
    this._host.requestUpdate();
  }

  /** The search the shown list was read with ('' for none). */
  get searched(): string {
    return this._searched;
  }

  get hasMore(): boolean {
    return this._cursor !== null;
  }

  private _addPage(page: InboxAnswer): void {
    this._cursor = page.cursor;
    this.list.addPage(page.tasks, page.totalUnread, page.version, page.cursor === null);
  }

  private _onUpdate(update: InboxUpdate): void {
    if (this.phase !== 'ready' || this._reloading > 0) this._pending.push(update);
    if (this.phase === 'ready' && this.list.apply(update)) this._changed();
  }

  /** Renders, and tells the host when a count changed. */
  private _changed(): void {
    this._host.requestUpdate();
    const tasks = this.list.rows.filter((r) => r.unread > 0).map((r) => ({ task: r.task, unread: r.unread }));
    const key = JSON.stringify([this.list.total, tasks]);
    if (key === this._reported) return;
    this._reported = key;
    this._events().dispatchEvent(new EmbeddedChatInboxUnreadEvent({ total: this.list.total, tasks }));
  }

  private async _page(cursor?: string): Promise<InboxAnswer> {
    const body: InboxRequest = {
      ...(await this._caller()),
      limit: PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
      ...(this.unreadOnly ? { unread: true } : {}),
      ...(this._searched ? { q: this._searched } : {}),
    };
    return backendRequest<InboxAnswer>('POST', this._routes!.inbox, body, 'load the inbox');
  }

  private async _token(): Promise<UserTokenAnswer> {
    return backendRequest<UserTokenAnswer>('POST', this._tokenUrl(), await this._caller(), OPERATION);
  }

  /** The user token (fresh from the host each time when it gave `getUserToken`), or nothing for a host session. */
  private async _caller(): Promise<{ userToken?: string }> {
    const config = this._config();
    const userToken = config.getUserToken ? await config.getUserToken() : config.userToken;
    return userToken ? { userToken } : {};
  }

  private _tokenUrl(): string {
    return new URL(this._config().tokenUrl, document.baseURI).href;
  }

  private _fail(err: unknown): void {
    this.stop();
    this.phase = 'error';
    this.error = errorDetail(err, OPERATION);
    this._events().dispatchEvent(new EmbeddedChatErrorEvent(this.error));
    this._host.requestUpdate();
  }
}

/** At most {@link MAX_QUERY} UTF-16 units, as the backend counts them, without cutting a character in two. Pure. */
function capped(query: string): string {
  if (query.length <= MAX_QUERY) return query;
  const cut = query.slice(0, MAX_QUERY);
  return /[\uD800-\uDBFF]$/u.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * Whether a title contains the query as the backend matches it: ignoring case and accents (NFD, combining marks
 * dropped, lower case). Pure.
 */
export function titleMatcher(query: string): (title: string) => boolean {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const folded = fold(query);
  return (title) => fold(title).includes(folded);
}
