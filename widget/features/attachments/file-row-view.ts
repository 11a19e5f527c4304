import { html } from 'lit/html.js';
import type { Locale } from '../../i18n/locale.js';
import type { FileStrings } from '../../i18n/strings.js';
import { fileIcon } from '../../internal/icons.js';
import { isPhoto, photoBox, type AttachmentRef, type FileState } from '../messages/attachment-refs.js';
import { fileChip } from '../messages/message-view.js';

/**
 * A message's files as the loaded chat draws them: photos as buttons that open the full view (`data-action`,
 * handled with the rows' other actions), other files as links named "Download <name>", in the boxes the first
 * conversation reserved for them. A file whose links are not known yet keeps its box; one the backend does not
 * serve says so.
 */
export function renderFileRow(
  refs: AttachmentRef[],
  links: ReadonlyMap<string, FileState>,
  locale: Locale,
  s: FileStrings,
) {
  return html`<div class="attachments">
    ${refs.map((ref) => {
      const link = links.get(ref.id);
      if (link === 'missing') {
        return html`<span class="file">${fileIcon}<span class="file-name">${s.fileUnavailable}</span></span>`;
      }
      if (isPhoto(ref)) {
        return html`<button
          type="button"
          class="photo"
          data-action="view-file"
          data-file=${ref.id}
          aria-label=${s.viewFile(ref.name)}
          .style=${photoBox(ref)}
        >
          ${link ? html`<img src=${link.thumbnailUrl ?? link.url} alt="" decoding="async" />` : ''}
        </button>`;
      }
      const name = link
        ? html`<a
            class="file-name"
            href=${link.url}
            download=${ref.name}
            target="_blank"
            rel="noopener noreferrer"
            dir="auto"
            aria-label=${s.download(ref.name)}
            >${ref.name}</a
          >`
        : html`<span class="file-name" dir="auto">${ref.name}</span>`;
      return fileChip(ref, locale, name);
    })}
  </div>`;
}
