import { EmbeddedChatErrorEvent } from '../events/error-event.js';
import { EmbeddedChatLauncherToggleEvent } from '../events/launcher-toggle-event.js';
import { EmbeddedChatLauncherUnreadEvent } from '../events/launcher-unread-event.js';
import { elementLanguage } from '../i18n/element-language.js';
import type { EmbeddedChatLauncher, LauncherView } from './embedded-chat-launcher.js';
import { chatBubbleIcon, chevronIcon, closeIcon } from './launcher-icons.js';
import { LauncherLocale } from './launcher-strings.js';
import { LAUNCHER_CSS } from './launcher.styles.js';
import { UnreadStream } from './unread-stream.js';

/** Where the panel becomes a full-screen sheet (the styles' breakpoint). */
const PHONE = '(max-width: 480px)';

/**
 * The launcher itself, in `<embedded-chat-launcher>`'s shadow root (the element imports this chunk when it joins
 * the page): the button, its badge, the unread stream, and the panel, which creates the chat or the inbox the
 * first time it opens. Internal: the public surface is the element (embedded-chat-launcher.ts).
 */
class Launcher implements LauncherView {
  private readonly _root: HTMLDivElement;
  private readonly _button: HTMLButtonElement;
  private readonly _label: HTMLSpanElement;
  private readonly _badge: HTMLSpanElement;
  private readonly _panel: HTMLDialogElement;
  private readonly _close: HTMLButtonElement;
  private readonly _content: HTMLDivElement;
  private readonly _phone = matchMedia(PHONE);
  private _locale = new LauncherLocale('en');
  private _stream?: UnreadStream;
  /** What the stream counts (the token URL and the task), to start it again when either changes. */
  private _streamKey = '';
  private _count?: number;
  private _shown = false;
  private _inner?: HTMLElement;

  constructor(private readonly _host: EmbeddedChatLauncher) {
    const root = _host.shadowRoot ?? _host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(LAUNCHER_CSS);
    root.adoptedStyleSheets = [sheet];

    this._content = el('div', 'content');
    this._close = el('button', 'close-button');
    this._close.type = 'button';
    this._close.setAttribute('part', 'close-button');
    this._close.append(closeIcon());
    this._close.addEventListener('click', () => this._setOpen(false));
    this._panel = el('dialog', 'panel');
    this._panel.id = 'panel';
    this._panel.tabIndex = -1;
    this._panel.setAttribute('part', 'panel');
    this._panel.append(el('div', 'bar', [this._close]), this._content);
    this._panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        this._setOpen(false);
      }
    });
    // A modal sheet's Escape (the browser's cancel): closed the same way, focus back on the button.
    this._panel.addEventListener('cancel', (event) => {
      event.preventDefault();
      this._setOpen(false);
    });

    const icon = chatBubbleIcon();
    icon.setAttribute('part', 'icon');
    this._label = el('span', 'label');
    this._label.setAttribute('part', 'label');
    this._badge = el('span', 'badge');
    this._badge.setAttribute('part', 'badge');
    this._badge.setAttribute('aria-hidden', 'true');
    this._badge.hidden = true;
    this._button = el('button', 'launcher', [icon, chevronIcon(), this._label, this._badge]);
    this._button.type = 'button';
    this._button.setAttribute('part', 'button');
    this._button.setAttribute('aria-controls', 'panel');
    this._button.setAttribute('aria-expanded', 'false');
    this._button.addEventListener('click', () => this._setOpen(!this._host.open));
    this._button.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this._host.open) this._setOpen(false);
    });
    for (const type of ['pointerenter', 'focus', 'touchstart']) {
      this._button.addEventListener(type, () => this._prefetch(), { once: true, passive: true });
    }
    this._root = el('div', 'root', [this._panel, this._button]);
    root.replaceChildren(this._root);
    this.sync();
  }

  connect(): void {
    this._phone.addEventListener('change', this._reshow);
    this._streamKey = '';
    this.sync();
  }

  disconnect(): void {
    this._phone.removeEventListener('change', this._reshow);
    this._stream?.stop();
    this._stream = undefined;
    // Out of the document a dialog cannot stay shown; `open` stays, and shows it again on return.
    this._panel.close();
    this._shown = false;
  }

  /** Applies the element's attributes: language, corner, label, the stream's target and the open state. */
  sync(): void {
    const host = this._host;
    this._locale = new LauncherLocale(elementLanguage(host));
    this._root.dir = host.getAttribute('dir') || this._locale.dir;
    this._root.classList.toggle('start', host.getAttribute('position') === 'bottom-start');
    const label = host.getAttribute('label') ?? '';
    this._label.textContent = label;
    this._root.classList.toggle('labelled', label !== '');
    this._panel.setAttribute('aria-label', this._locale.strings.panel);
    this._close.setAttribute('aria-label', this._locale.strings.close);
    // A task given or taken away after the first open: the other element, made at the next open.
    const kind = host.hasAttribute('task') ? 'embedded-chat' : 'embedded-chat-inbox';
    if (this._inner && this._inner.localName !== kind) {
      this._inner.remove();
      this._inner = undefined;
    }
    if (this._inner) this._configure(this._inner);
    this._name();
    if (!host.isConnected) return;
    this._syncStream();
    if (this._shown && !this._inner) this._inner = this._createInner();
    this._show(host.open);
  }

  private _syncStream(): void {
    const tokenUrl = this._host.getAttribute('token-url') ?? '';
    const task = this._host.getAttribute('task') ?? '';
    const key = JSON.stringify([tokenUrl, task]);
    if (key === this._streamKey && this._stream) return;
    this._streamKey = key;
    this._stream?.stop();
    this._stream = undefined;
    // Another task's count (or none) until the new stream tells.
    this._count = undefined;
    this._name();
    if (!tokenUrl) return;
    this._stream = new UnreadStream({
      tokenUrl: new URL(tokenUrl, document.baseURI).href,
      ...(task ? { task } : {}),
      caller: async () => {
        const token = this._host.getUserToken
          ? await this._host.getUserToken()
          : this._host.getAttribute('user-token');
        return token ? { userToken: token } : {};
      },
      onCount: (count) => {
        this._count = count;
        this._name();
        this._host.dispatchEvent(new EmbeddedChatLauncherUnreadEvent({ count }));
      },
      onError: (detail) => this._host.dispatchEvent(new EmbeddedChatErrorEvent(detail)),
    });
    this._stream.start();
  }

  /** The person's (or Escape's) choice: reflected in `open`, which shows or hides the panel. */
  private _setOpen(open: boolean): void {
    if (open !== this._host.open) this._host.open = open;
  }

  /** Shows or hides the panel to match `open`; tells the host and moves focus on a change. */
  private _show(open: boolean): void {
    if (open === this._shown) return;
    this._shown = open;
    this._root.classList.toggle('open', open);
    this._button.setAttribute('aria-expanded', String(open));
    if (open) {
      this._inner ??= this._createInner();
      this._open();
      this._panel.focus();
    } else {
      const within =
        this._host.shadowRoot!.activeElement !== null &&
        this._host.shadowRoot!.activeElement !== this._button;
      this._panel.close();
      if (within || document.activeElement === document.body) this._button.focus();
    }
    this._name();
    this._host.dispatchEvent(new EmbeddedChatLauncherToggleEvent({ open }));
  }

  /** Opens the dialog: a modal sheet at phone widths, else a non-modal panel beside the page. */
  private _open(): void {
    if (this._phone.matches) this._panel.showModal();
    else this._panel.show();
  }

  /** The viewport crossed the phone width while open: the panel shows again in the other form. */
  private readonly _reshow = (): void => {
    if (!this._shown) return;
    this._panel.close();
    this._open();
  };

  /** The button's accessible name and badge, from the state and the count. */
  private _name(): void {
    const s = this._locale.strings;
    const count = this._count ?? 0;
    const label = this._host.getAttribute('label') || s.open;
    this._button.setAttribute(
      'aria-label',
      this._shown ? s.close : count > 0 ? s.withUnread(label, this._locale.badge(count)) : label,
    );
    this._badge.hidden = count === 0;
    this._badge.textContent = count > 0 ? this._locale.badge(count) : '';
  }

  /** Starts downloading what the panel shows (the person is about to open it). */
  private _prefetch(): void {
    const task = this._host.hasAttribute('task');
    import('../chat/embedded-chat-view.js')
      .then(({ loadInboxView }) => (task ? undefined : loadInboxView()))
      // Only a head start: the panel's own element loads it again, and reports a failure then.
      .catch(() => undefined);
  }

  /** The panel's element: the task's conversation, or the inbox with conversations inline. */
  private _createInner(): HTMLElement {
    const task = this._host.getAttribute('task');
    const inner = document.createElement(task ? 'embedded-chat' : 'embedded-chat-inbox');
    if (task) inner.setAttribute('loading', 'eager');
    else inner.setAttribute('open', 'inline');
    this._configure(inner);
    this._content.append(inner);
    return inner;
  }

  /** Hands the panel's element the launcher's attributes and token function. */
  private _configure(inner: HTMLElement): void {
    const host = this._host;
    const copy = (name: string, value = host.getAttribute(name)) => {
      if (value) inner.setAttribute(name, value);
      else inner.removeAttribute(name);
    };
    copy('token-url');
    copy('user-token');
    copy('theme');
    copy('dir', host.getAttribute('dir'));
    copy('lang', elementLanguage(host));
    if (inner.localName === 'embedded-chat') copy('task');
    const getUserToken = host.getUserToken;
    (inner as HTMLElement & { getUserToken?: () => Promise<string> }).getUserToken = getUserToken
      ? () => host.getUserToken!()
      : undefined;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  children: Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  node.append(...children);
  return node;
}

/** Builds the launcher in the element's shadow root; the element calls it once its chunk has loaded. */
export function attachLauncher(host: EmbeddedChatLauncher): LauncherView {
  return new Launcher(host);
}
