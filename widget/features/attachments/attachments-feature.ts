import type { ReactiveControllerHost } from 'lit';
import type { AttachmentUrl } from '../../../server/contract/api-contract.js';
import { filesEn } from '../../i18n/files-en.js';
import { baseLanguage } from '../../i18n/language-tag.js';
import type { Locale } from '../../i18n/locale.js';
import type { FileStrings } from '../../i18n/strings.js';
import type { ChatSession } from '../../session/chat-session.js';
import type { AttachmentRef } from '../messages/attachment-refs.js';
import { renderDraftFiles, renderDropZone, renderViewer } from './attachments-view.js';
import { attachmentsStyles } from './attachments.styles.js';
import { FileDraft } from './file-draft.js';
import { FileLinks } from './file-links.js';
import { renderFileRow } from './file-row-view.js';

/** The strings of attaching files in other languages, a chunk each (English is built in). */
const TABLES: Record<string, () => Promise<FileStrings>> = {
  ar: () => import('../../i18n/files-ar.js').then((m) => m.filesAr),
  es: () => import('../../i18n/files-es.js').then((m) => m.filesEs),
};

/**
 * Photos and files: their links and rows, attaching files and a photo's full view. Loaded on demand — when a
 * message with files is drawn, or at the first pick, drop or paste — so a conversation without files never
 * downloads it, and neither the first conversation nor the chunk after it carries it.
 */
export class AttachmentsFeature {
  static readonly styles = attachmentsStyles;
  readonly draft: FileDraft;
  readonly links: FileLinks;

  private constructor(
    host: ReactiveControllerHost,
    session: () => ChatSession | undefined,
    private readonly _locale: () => Locale,
    private readonly _strings: FileStrings,
  ) {
    this.draft = new FileDraft(host, session, _locale, _strings);
    this.links = new FileLinks(host, session);
  }

  /** A message's files in its row: photos that open, download links (their links asked for as needed). */
  row(refs: AttachmentRef[]) {
    return renderFileRow(refs, this.links.of(refs), this._locale(), this._strings);
  }

  static async create(
    host: ReactiveControllerHost,
    session: () => ChatSession | undefined,
    locale: () => Locale,
  ): Promise<AttachmentsFeature> {
    const strings = await (TABLES[baseLanguage(locale().lang)]?.() ?? filesEn);
    return new AttachmentsFeature(host, session, locale, strings);
  }

  /** The message's files above the textbox. */
  draftFiles() {
    const draft = this.draft;
    return renderDraftFiles(this._locale(), this._strings, draft.files, draft.notice, {
      remove: (key) => draft.remove(key),
      retry: (key) => draft.retry(key),
    });
  }

  viewer(file: { ref: AttachmentRef; link?: AttachmentUrl }, onClose: () => void) {
    return renderViewer(this._locale(), this._strings, file, onClose);
  }

  dropZone() {
    return renderDropZone(this._strings);
  }
}
