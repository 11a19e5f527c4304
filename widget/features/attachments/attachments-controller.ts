import { html, nothing } from 'lit/html.js';
import type { ReactiveControllerHost } from 'lit';
import type { Locale } from '../../i18n/locale.js';
import type { ChatSession } from '../../session/chat-session.js';
import type { DraftFiles } from '../composer/composer-controller.js';
import type { AttachmentsFeature } from './attachments-feature.js';
import type { DraftFile } from './file-draft.js';
import type { AttachmentRef } from '../messages/attachment-refs.js';
import { paperclipIcon } from './paperclip-icon.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Photos and files in the chat (issue #17), as the chunk loaded after the first conversation wires them: the
 * "Attach file" button, files dropped or pasted, and the composer's view of the message's files. The rest —
 * the files' links and rows, uploads, the drop zone, a photo's full view — loads on demand
 * ({@link AttachmentsFeature}) when a message with files is drawn or someone first attaches one.
 */
export class AttachmentsController {
  /** The photo in the full view, by id. */
  viewing?: string;
  /** Files are being dragged over the conversation. */
  dragging = false;
  /** The message's files, as the composer sees them (none until attaching has loaded). */
  readonly files: DraftFiles<DraftFile>;
  private _feature?: AttachmentsFeature;
  private _loading?: Promise<AttachmentsFeature>;

  constructor(
    private readonly _host: Host,
    private readonly _session: () => ChatSession | undefined,
    private readonly _locale: () => Locale,
    private readonly _root: () => ShadowRoot,
  ) {
    // Drops on the conversation and pastes into the textbox reach the shadow root: one listener each.
    const root = _root();
    for (const type of ['dragover', 'dragleave', 'drop', 'paste']) {
      root.addEventListener(type, (event) => this._onFiles(event as DragEvent | ClipboardEvent));
    }
    const draft = () => this._feature?.draft;
    this.files = {
      get files() {
        return draft()?.files ?? [];
      },
      settled: () => draft()?.settled() ?? Promise.resolve([]),
      take: () => draft()?.take() ?? [],
      restore: (files) => draft()?.restore(files),
      release: (files) => draft()?.release(files),
    };
  }

  /** The participant may attach here now. */
  get canAttach(): boolean {
    const session = this._session();
    return Boolean(session?.permissions.attach && session.answer.attachments);
  }

  /** Loads attaching and the full view (once); their styles join the shadow root. */
  load(): Promise<AttachmentsFeature> {
    this._loading ??= import('./attachments-feature.js').then(async ({ AttachmentsFeature }) => {
      const sheet = AttachmentsFeature.styles.styleSheet;
      const root = this._root();
      if (sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      this._feature = await AttachmentsFeature.create(this._host, this._session, this._locale);
      this._host.requestUpdate();
      return this._feature;
    });
    return this._loading;
  }

  /** Adds picked, dropped or pasted files to the message. */
  add(files: File[]): void {
    if (files.length > 0 && this.canAttach) void this.load().then((feature) => feature.draft.add(files));
  }

  /** Opens a photo's full view (a modal dialog: the page behind it is inert until it closes). */
  view(id: string): void {
    void this.load().then(async (feature) => {
      if (!feature.links.file(id)) return;
      this.viewing = id;
      this._host.requestUpdate();
      await this._host.updateComplete;
      const dialog = this._root().querySelector<HTMLDialogElement>('dialog.viewer');
      if (dialog && !dialog.open) dialog.showModal();
    });
  }

  /**
   * Files over the conversation (the drop zone shows until they leave or drop), dropped or pasted: a drop or a
   * paste adds them to the message, where the participant may attach. Other drags and pastes are left alone.
   */
  private _onFiles(event: DragEvent | ClipboardEvent): void {
    const data = 'dataTransfer' in event ? event.dataTransfer : event.clipboardData;
    if (!this.canAttach || !data?.types.includes('Files')) return;
    event.preventDefault();
    if (event.type === 'dragover') return this._drag(true);
    if (event.type === 'dragleave') {
      const to = (event as DragEvent).relatedTarget as Node | null;
      if (!to || !this._root().contains(to)) this._drag(false);
      return;
    }
    this._drag(false);
    this.add([...data.files]);
  }

  /** "Attach file" and its file input (several files, the types taken here), when the participant may attach. */
  attachButton(locale: Locale) {
    const types = this.canAttach ? this._session()!.answer.attachments!.types : undefined;
    if (!types) return undefined;
    return html`<input
        class="file-input"
        type="file"
        multiple
        hidden
        accept=${types.join(',')}
        @change=${(event: Event) => {
          const input = event.target as HTMLInputElement;
          this.add([...(input.files ?? [])]);
          input.value = '';
        }}
      /><button
        class="icon-button"
        type="button"
        aria-label=${locale.strings.attachFile}
        @pointerenter=${() => void this.load()}
        @click=${() => this._root().querySelector<HTMLInputElement>('.file-input')?.click()}
      >
        ${paperclipIcon}
      </button>`;
  }

  /** A message's files in its row, once loaded (the first conversation's boxes stay until then). */
  row(refs: AttachmentRef[]) {
    const feature = this._feature;
    if (!feature) void this.load();
    return feature?.row(refs);
  }

  /** Changes whenever a file's links do (rows with files redraw then). */
  get version(): number {
    return this._feature?.links.version ?? -1;
  }

  /** What the composer shows of attaching: the button, the message's files, whether there are any. */
  composer() {
    return {
      attach: this.attachButton(this._locale()),
      files: this._feature?.draftFiles(),
      hasFiles: this.files.files.length > 0,
    };
  }

  /** The full view while open, and the drop zone while files are dragged. */
  overlays() {
    const feature = this._feature;
    if (!feature) return nothing;
    const file = this.viewing === undefined ? undefined : feature.links.file(this.viewing);
    return html`${this.dragging ? feature.dropZone() : nothing}
    ${file ? feature.viewer(file, () => this._closeViewer()) : nothing}`;
  }

  private _closeViewer(): void {
    this.viewing = undefined;
    this._host.requestUpdate();
  }

  private _drag(on: boolean): void {
    if (on) void this.load();
    if (this.dragging === on) return;
    this.dragging = on;
    this._host.requestUpdate();
  }
}
