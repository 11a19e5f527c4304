import { html, nothing } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import { themeStyles } from '../chat/theme.styles.js';
import { EmbeddedChatInboxSelectEvent } from '../events/inbox-select-event.js';
import { elementLanguage } from '../i18n/element-language.js';
import { ViewElement } from '../internal/view-element.js';
import { InboxController } from './inbox-controller.js';
import { inboxRowView } from './inbox-row-view.js';
import type { InboxSettings } from './inbox-settings.js';
import { InboxLocale } from './inbox-strings.js';
import { inboxStyles } from './inbox.styles.js';

const NO_SETTINGS: InboxSettings = {
  tokenUrl: '',
  userToken: '',
  getUserToken: () => Promise.reject(new Error('no getUserToken')),
  hasGetUserToken: () => false,
  theme: 'auto',
  selected: '',
  open: '',
  language: '',
  direction: '',
};

/** How often relative times ("5m ago") are written again. */
const CLOCK_MS = 30_000;

const SEARCH_ICON = html`<svg class="search-icon" viewBox="0 0 20 20" fill="none" aria-hidden="true">
  <circle cx="8.5" cy="8.5" r="5.5" stroke="currentColor" stroke-width="1.6" />
  <path d="m13 13 4 4" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />
</svg>`;

const CLEAR_ICON = html`<svg viewBox="0 0 20 20" fill="none" aria-hidden="true">
  <path d="m6 6 8 8M14 6l-8 8" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />
</svg>`;

const EMPTY_ICON = html`<svg viewBox="0 0 24 24" fill="none" aria-hidden="true">
  <path d="M4 5h16v11H8l-4 4V5Z" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" />
</svg>`;

/**
 * The inbox itself, inside `<embedded-chat-inbox>`'s shadow root (loaded as its own chunk). The list is a
 * single-select `listbox` named "Conversations": one Tab stop, arrow keys, Home and End move between rows,
 * Enter or Space (or a click) selects one; each row reads as one line (title, type, closed, time, last message,
 * unread count) and `aria-selected` marks the conversation that is open.
 */
export class EmbeddedChatInboxView extends ViewElement {
  /** The public element: events are fired from it. */
  host?: HTMLElement;
  private _settings = NO_SETTINGS;
  private _locale = new InboxLocale('en');
  private _now = Date.now();
  private _clock?: ReturnType<typeof setInterval>;
  private _focused?: string;
  /** Narrow inline layout: the conversation is shown instead of the list. */
  private _chatShown = false;
  private _observer?: IntersectionObserver;
  private readonly _inbox: InboxController = new InboxController(
    this,
    () => {
      const { tokenUrl, userToken, getUserToken, hasGetUserToken } = this._settings;
      return { tokenUrl, userToken, ...(hasGetUserToken() ? { getUserToken } : {}) };
    },
    () => this.host ?? this,
  );

  constructor() {
    super([themeStyles, inboxStyles]);
  }

  get settings(): InboxSettings {
    return this._settings;
  }
  set settings(value: InboxSettings) {
    const before = this._settings;
    this._settings = value;
    this._locale = new InboxLocale(value.language);
    this.setAttribute('lang', this._locale.lang);
    this.setAttribute('dir', value.direction || this._locale.dir);
    this.setAttribute('theme', value.theme || 'auto');
    this.setAttribute('open', value.open);
    if (value.selected !== before.selected) this._chatShown = value.selected !== '';
    const restart =
      before !== NO_SETTINGS &&
      (value.tokenUrl !== before.tokenUrl ||
        (value.userToken !== before.userToken && this._inbox.phase === 'error'));
    if (restart && this.isConnected) void this._inbox.start();
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._clock = setInterval(() => {
      this._now = Date.now();
      this.requestUpdate();
    }, CLOCK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this._clock);
    this._observer?.disconnect();
  }

  protected override willUpdate(): void {
    this._now = Date.now();
  }

  protected override updated(): void {
    // Infinite scroll: the last row's sentinel coming into view loads the next page.
    const sentinel = this.renderRoot.querySelector('.more');
    if (!sentinel) return;
    this._observer ??= new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void this._inbox.loadMore();
      },
      { root: this.renderRoot.querySelector('.scroll'), rootMargin: '200px' },
    );
    this._observer.disconnect();
    this._observer.observe(sentinel);
  }

  protected render() {
    const s = this._locale.strings;
    const inline = this._settings.open === 'inline';
    return html`<div class="frame" data-view=${inline && this._chatShown ? 'chat' : 'list'}>
      <section class="list" part="list">
        <div class="head" part="header">
          <h2 id="title">${s.conversations}</h2>
          <button
            class="filter"
            type="button"
            aria-pressed=${this._inbox.unreadOnly ? 'true' : 'false'}
            @click=${() => this._inbox.setUnreadOnly(!this._inbox.unreadOnly)}
          >
            ${s.unreadFilter}
          </button>
        </div>
        ${this._search()}
        ${this._inbox.offline ? html`<p class="banner" role="status">${s.offline}</p>` : nothing}
        <div class="scroll">${this._body()}</div>
      </section>
      ${inline ? this._pane() : nothing}
    </div>`;
  }

  /** The title search: a search landmark with one box; Escape or the clear button empties it. */
  private _search() {
    const s = this._locale.strings;
    const query = this._inbox.query;
    return html`<div class="search" role="search" part="search">
      ${SEARCH_ICON}
      <input
        type="search"
        aria-label=${s.search}
        placeholder=${s.search}
        maxlength="100"
        autocomplete="off"
        spellcheck="false"
        .value=${query}
        @input=${(e: Event) => this._inbox.setQuery((e.target as HTMLInputElement).value)}
        @keydown=${this._onSearchKey}
      />
      ${
        query
          ? html`<button class="clear" type="button" aria-label=${s.clearSearch} @click=${this._clearSearch}>
              ${CLEAR_ICON}
            </button>`
          : nothing
      }
    </div>`;
  }

  private readonly _onSearchKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this._inbox.query) {
      // Handled here: the box empties instead of closing whatever holds the inbox.
      event.preventDefault();
      event.stopPropagation();
      this._inbox.setQuery('', true);
    } else if (event.key === 'Enter') {
      this._inbox.setQuery(this._inbox.query, true);
    }
  };

  private readonly _clearSearch = (): void => {
    this._inbox.setQuery('', true);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLInputElement>('.search input')?.focus(),
    );
  };

  private _body() {
    const s = this._locale.strings;
    const inbox = this._inbox;
    if (inbox.phase === 'error') {
      return html`<div class="state" role="alert">
        ${EMPTY_ICON}
        <p>${s.failed}</p>
        <button class="retry" type="button" @click=${() => void inbox.start()}>${s.retry}</button>
      </div>`;
    }
    if (inbox.phase !== 'ready') {
      return html`<div role="status" aria-label=${s.loading}>
        ${[1, 2, 3, 4].map(
          (n) =>
            html`<div class="skeleton" aria-hidden="true">
              <span class="avatar"></span>
              <span class="lines"><span class="w${n}"></span><span class="w${n} short"></span></span>
            </div>`,
        )}
      </div>`;
    }
    const rows = inbox.unreadOnly
      ? inbox.list.rows.filter((r) => r.unread > 0 || r.task === this._settings.selected)
      : inbox.list.rows;
    if (rows.length === 0 && !inbox.hasMore) {
      return html`<div class="state" role="status">
        ${EMPTY_ICON}
        <p>${inbox.searched ? s.noMatch(inbox.searched) : inbox.unreadOnly ? s.emptyUnread : s.empty}</p>
      </div>`;
    }
    const selected = this._settings.selected;
    const focus =
      rows.find((r) => r.task === this._focused)?.task ??
      rows.find((r) => r.task === selected)?.task ??
      rows[0]?.task;
    return html`<ul
        role="listbox"
        aria-labelledby="title"
        aria-busy=${inbox.loadingMore ? 'true' : 'false'}
        @click=${this._onClick}
        @keydown=${this._onKey}
        @focusin=${this._onFocus}
      >
        ${repeat(
          rows,
          (r) => r.task,
          (r) =>
            inboxRowView(r, {
              locale: this._locale,
              now: this._now,
              selected: r.task === selected,
              focusable: r.task === focus,
              me: inbox.clientId,
            }),
        )}
      </ul>
      ${
        inbox.hasMore
          ? html`<div class="more" role="status">${inbox.loadingMore ? s.loadingMore : nothing}</div>`
          : nothing
      }`;
  }

  private _pane() {
    const s = this._locale.strings;
    const { selected, tokenUrl, userToken, getUserToken, hasGetUserToken, theme } = this._settings;
    if (!selected) {
      return html`<section class="pane" part="conversation">
        <div class="state">${EMPTY_ICON}</div>
      </section>`;
    }
    return html`<section class="pane" part="conversation">
      <button class="back" type="button" @click=${this._back}>
        <span aria-hidden="true">${this._locale.dir === 'rtl' ? '→' : '←'}</span> ${s.back}
      </button>
      <embedded-chat
        task=${selected}
        token-url=${tokenUrl}
        user-token=${userToken || nothing}
        .getUserToken=${hasGetUserToken() ? getUserToken : undefined}
        theme=${theme || 'auto'}
        lang=${this._locale.lang}
        loading="eager"
      ></embedded-chat>
    </section>`;
  }

  private readonly _onClick = (event: Event): void => {
    const row = (event.target as Element).closest<HTMLElement>('[role="option"]');
    if (row) this._select(row);
  };

  private readonly _onFocus = (event: Event): void => {
    const row = (event.target as Element).closest<HTMLElement>('[role="option"]');
    if (row && row.dataset.task !== this._focused) {
      this._focused = row.dataset.task;
      this.requestUpdate();
    }
  };

  private readonly _onKey = (event: KeyboardEvent): void => {
    const row = (event.target as Element).closest<HTMLElement>('[role="option"]');
    if (!row) return;
    const options = [...this.renderRoot.querySelectorAll<HTMLElement>('[role="option"]')];
    const at = options.indexOf(row);
    let next: HTMLElement | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = options[Math.min(at + 1, options.length - 1)];
        break;
      case 'ArrowUp':
        next = options[Math.max(at - 1, 0)];
        break;
      case 'Home':
        next = options[0];
        break;
      case 'End':
        next = options.at(-1);
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        this._select(row);
        return;
      default:
        return;
    }
    event.preventDefault();
    if (!next) return;
    this._focused = next.dataset.task;
    next.focus();
    next.scrollIntoView({ block: 'nearest' });
    this.requestUpdate();
  };

  private _select(row: HTMLElement): void {
    const task = row.dataset.task!;
    this._focused = task;
    this._chatShown = true;
    (this.host ?? this).dispatchEvent(new EmbeddedChatInboxSelectEvent({ task }));
    // The public element reflects it (its `selected` attribute), which comes back here as settings.
    this.dispatchEvent(new CustomEvent('embedded-chat-inbox-view-select', { detail: task }));
    this.requestUpdate();
  }

  private readonly _back = (): void => {
    this._chatShown = false;
    this.requestUpdate();
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>('[role="option"][tabindex="0"]')?.focus();
    });
  };
}

/** Registers the internal view tag once (`<embedded-chat-inbox>` calls it after importing the chunk). */
export function defineInboxView(): typeof EmbeddedChatInboxView {
  if (!customElements.get('embedded-chat-inbox-view')) {
    customElements.define('embedded-chat-inbox-view', EmbeddedChatInboxView);
  }
  return customElements.get('embedded-chat-inbox-view') as typeof EmbeddedChatInboxView;
}

const SHELL_CSS = ':host{display:block;block-size:36rem;min-inline-size:16rem}:host([hidden]){display:none}';

/**
 * Puts the inbox into `<embedded-chat-inbox>` (its shadow root), and answers how to hand it the element's
 * attributes again when they change. The view reflects a chosen row into the element's `selected`.
 */
export function attachInbox(host: HTMLElement & { getUserToken?: () => Promise<string> }): { sync(): void } {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(SHELL_CSS);
  root.adoptedStyleSheets = [sheet];
  const view = new (defineInboxView())();
  view.host = host;
  view.setAttribute('exportparts', 'list, header, search, row, badge, conversation');
  view.addEventListener('embedded-chat-inbox-view-select', (event) => {
    host.setAttribute('selected', (event as CustomEvent<string>).detail);
  });
  const sync = () => {
    const attr = (name: string) => host.getAttribute(name) ?? '';
    view.settings = {
      tokenUrl: attr('token-url'),
      userToken: attr('user-token'),
      // Read when a token is needed, so a function set after the element loaded is used too.
      getUserToken: () => host.getUserToken!(),
      hasGetUserToken: () => host.getUserToken !== undefined,
      theme: attr('theme'),
      selected: attr('selected'),
      open: attr('open'),
      language: elementLanguage(host),
      direction: attr('dir'),
    };
  };
  sync();
  root.append(view);
  return { sync };
}
