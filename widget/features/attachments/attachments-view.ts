import { html, nothing, svg } from 'lit/html.js';
import type { AttachmentUrl } from '../../../server/contract/api-contract.js';
import type { Locale } from '../../i18n/locale.js';
import type { FileStrings } from '../../i18n/strings.js';
import { fileIcon, icon } from '../../internal/icons.js';
import { paperclipIcon } from './paperclip-icon.js';
import type { AttachmentRef } from '../messages/attachment-refs.js';
import type { DraftFile } from './file-draft.js';

const closeIcon = icon(svg`<path d="M6.5 6.5l11 11M17.5 6.5l-11 11"/>`);
const retryIcon = icon(svg`<path d="M19 12a7 7 0 1 1-2.1-5"/><path d="M19 4.5V9h-4.5"/>`);
const downloadIcon = icon(svg`<path d="M12 4.5v11"/><path d="m7 11 5 5 5-5"/><path d="M5 19.5h14"/>`);

/**
 * The message's files above the textbox: a thumbnail or type icon, the name and size, a progress bar named by
 * the file while it uploads, Cancel or Remove, and — when it failed — why, with Retry when another try may work.
 */
export function renderDraftFiles(
  locale: Locale,
  s: FileStrings,
  files: readonly DraftFile[],
  notice: string | undefined,
  act: { remove: (key: number) => void; retry: (key: number) => void },
) {
  if (files.length === 0 && !notice) return nothing;
  return html`<div class="draft-files">
    ${notice ? html`<p class="draft-notice" role="alert">${notice}</p>` : nothing}
    <ul class="draft-list">
      ${files.map(
        (f) =>
          html`<li class=${`draft-file ${f.state}`}>
            ${f.preview ? html`<img class="draft-thumb" src=${f.preview} alt="" />` : html`<span class="draft-thumb">${fileIcon}</span>`}
            <span class="draft-text">
              <span class="draft-name" dir="auto">${f.file.name}</span>
              ${
                f.state === 'failed'
                  ? html`<span class="draft-error" role="alert">${f.error}</span>`
                  : f.state === 'uploading'
                    ? html`<progress max="1" .value=${f.progress} aria-label=${f.file.name}></progress>`
                    : html`<span class="draft-size">${locale.fileSize(f.file.size)}</span>`
              }
            </span>
            ${
              f.state === 'failed' && f.retryable
                ? html`<button
                    class="icon-button small"
                    type="button"
                    aria-label=${s.retryUpload(f.file.name)}
                    @click=${() => act.retry(f.key)}
                  >
                    ${retryIcon}
                  </button>`
                : nothing
            }
            <button
              class="icon-button small"
              type="button"
              aria-label=${f.state === 'uploading' ? s.cancelUpload(f.file.name) : s.removeFile(f.file.name)}
              @click=${() => act.remove(f.key)}
            >
              ${closeIcon}
            </button>
          </li>`,
      )}
    </ul>
  </div>`;
}

/**
 * A photo's full view: a modal dialog named by the file (Escape closes it and the browser returns focus to the
 * photo that opened it), the picture, a download link and Close.
 */
export function renderViewer(
  locale: Locale,
  files: FileStrings,
  file: { ref: AttachmentRef; link?: AttachmentUrl },
  onClose: () => void,
) {
  const s = locale.strings;
  const { ref, link } = file;
  return html`<dialog class="viewer" aria-label=${ref.name} @close=${onClose}>
    <div class="viewer-bar">
      <span class="viewer-name" dir="auto">${ref.name}</span>
      ${
        link
          ? html`<a
              class="icon-button"
              href=${link.url}
              download=${ref.name}
              target="_blank"
              rel="noopener noreferrer"
              aria-label=${files.download(ref.name)}
            >
              ${downloadIcon}
            </a>`
          : nothing
      }
      <button
        class="icon-button"
        type="button"
        aria-label=${s.close}
        @click=${(e: Event) => (e.currentTarget as HTMLElement).closest('dialog')?.close()}
      >
        ${closeIcon}
      </button>
    </div>
    ${
      link
        ? html`<img
            class="viewer-image"
            src=${link.url}
            alt=${ref.name}
            width=${ref.width ?? nothing}
            height=${ref.height ?? nothing}
          />`
        : html`<div class="viewer-image"></div>`
    }
  </dialog>`;
}

/** Over the conversation while files are dragged onto it. */
export function renderDropZone(s: FileStrings) {
  return html`<div class="drop-zone" aria-hidden="true">${paperclipIcon}<span>${s.dropFiles}</span></div>`;
}
