import { css } from '@lit/reactive-element/css-tag.js';

/** A message's photos, the composer's files, the drop zone and a photo's full view. */
export const attachmentsStyles = css`
  .photo {
    padding: 0;
    cursor: zoom-in;
  }
  a.file-name {
    color: inherit;
    text-decoration: none;
  }
  a.file-name:hover {
    text-decoration: underline;
  }
  .photo img {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .draft-files {
    margin: 0 var(--_s1) var(--_s2);
  }
  .draft-notice {
    margin: 0 0 var(--_s1);
    font-size: var(--_meta);
    font-weight: 550;
    color: var(--_danger);
  }
  .draft-list {
    display: flex;
    gap: var(--_s2);
    margin: 0;
    padding: 0 0 2px;
    list-style: none;
    overflow-x: auto;
  }
  .draft-file {
    display: flex;
    align-items: center;
    gap: var(--_s2);
    flex: none;
    width: min(220px, 80%);
    padding: var(--_s1) var(--_s1) var(--_s1) var(--_s1);
    border: 1px solid var(--_border);
    border-radius: 12px;
    background: var(--_surface);
  }
  .draft-file.failed {
    border-color: var(--_danger);
  }
  .draft-thumb {
    display: grid;
    place-items: center;
    flex: none;
    width: 40px;
    height: 40px;
    border-radius: 8px;
    object-fit: cover;
    background: var(--_bg);
    color: var(--_muted);
  }
  .draft-thumb svg {
    width: 20px;
    height: 20px;
  }
  .draft-text {
    display: flex;
    flex-direction: column;
    gap: 2px;
    flex: 1;
    min-width: 0;
    font-size: var(--_meta);
  }
  .draft-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 550;
    color: var(--_fg);
  }
  .draft-size {
    color: var(--_muted);
  }
  .draft-error {
    color: var(--_danger);
    overflow-wrap: anywhere;
  }
  .draft-file progress {
    width: 100%;
    height: 4px;
    appearance: none;
    border: 0;
    border-radius: 2px;
    background: var(--_border);
    accent-color: var(--_accent);
  }
  .draft-file progress::-webkit-progress-bar {
    border-radius: 2px;
    background: var(--_border);
  }
  .draft-file progress::-webkit-progress-value {
    border-radius: 2px;
    background: var(--_accent);
  }
  .icon-button.small {
    width: 28px;
    height: 28px;
  }
  .icon-button.small svg {
    width: 16px;
    height: 16px;
  }

  .drop-zone {
    position: absolute;
    inset: var(--_s2);
    z-index: 4;
    display: grid;
    place-content: center;
    justify-items: center;
    gap: var(--_s2);
    border: 2px dashed var(--_accent);
    border-radius: 12px;
    background: color-mix(in oklab, var(--_bg) 88%, transparent);
    color: var(--_fg);
    font-weight: 600;
    pointer-events: none;
  }
  .drop-zone svg {
    width: 28px;
    height: 28px;
    color: var(--_accent);
  }

  .viewer {
    max-width: min(96vw, 1200px);
    max-height: 94vh;
    padding: 0;
    border: 0;
    border-radius: 12px;
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: var(--_shadow);
  }
  .viewer::backdrop {
    background: rgb(0 0 0 / 0.72);
  }
  .viewer-bar {
    display: flex;
    align-items: center;
    gap: var(--_s1);
    padding: var(--_s1) var(--_s1) var(--_s1) var(--_s3);
    border-bottom: 1px solid var(--_border);
  }
  .viewer-name {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  .viewer-image {
    display: block;
    max-width: 100%;
    max-height: calc(94vh - 48px);
    width: auto;
    height: auto;
    min-width: 120px;
    min-height: 120px;
    margin: auto;
    object-fit: contain;
  }
`;
