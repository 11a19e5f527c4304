import { css } from '@lit/reactive-element/css-tag.js';

/** Day separators, message groups, bubbles, reactions, per-message actions and room-reaction bursts. */
export const messageStyles = css`
  .day {
    display: flex;
    align-items: center;
    gap: var(--_s3);
    margin: var(--_s4) 0 var(--_s2);
    font-size: var(--_meta);
    font-weight: 600;
    color: var(--_muted);
  }
  .day::before,
  .day::after {
    content: '';
    flex: 1;
    border-top: 1px solid var(--_border);
  }

  .row {
    position: relative;
    display: grid;
    grid-template-columns: 32px minmax(0, 1fr);
    column-gap: var(--_s2);
    margin-top: 2px;
    outline: none;
    border-radius: 10px;
  }
  .row.first {
    margin-top: var(--_s3);
  }
  .row.own {
    grid-template-columns: minmax(0, 1fr);
    justify-items: end;
  }
  .row:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .row .avatar {
    grid-column: 1;
    align-self: end;
  }
  .row:not(.last) .avatar {
    visibility: hidden;
  }
  .content {
    grid-column: 2;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    min-width: 0;
    max-width: min(78%, 560px);
  }
  .own .content {
    grid-column: 1;
    align-items: flex-end;
  }
  @container chat (max-width: 360px) {
    .content {
      max-width: 86%;
    }
  }
  .author {
    display: flex;
    align-items: center;
    gap: 6px;
    margin: 0 0 3px var(--_s3);
    font-size: var(--_meta);
    font-weight: 600;
    color: var(--_muted);
    max-width: 100%;
  }
  .author .name {
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    unicode-bidi: isolate;
  }
  .bubble-line {
    position: relative;
    display: flex;
    align-items: center;
    max-width: 100%;
  }
  .own .bubble-line {
    flex-direction: row-reverse;
  }
  .bubble {
    padding: 7px 12px 8px;
    border-radius: var(--_radius);
    background: var(--_other);
    color: var(--_other-text);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    word-break: break-word;
    min-width: 0;
    max-width: 100%;
  }
  .row:not(.first) .bubble {
    border-start-start-radius: 5px;
  }
  .row:not(.last) .bubble {
    border-end-start-radius: 5px;
  }
  .own .bubble {
    background: var(--_own);
    color: var(--_own-text);
    border-start-start-radius: var(--_radius);
    border-end-start-radius: var(--_radius);
  }
  .own:not(.first) .bubble {
    border-start-end-radius: 5px;
  }
  .own:not(.last) .bubble {
    border-end-end-radius: 5px;
  }
  .bubble a {
    color: var(--_link);
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  .own .bubble a {
    color: inherit;
  }
  .bubble.deleted {
    background: transparent;
    color: var(--_muted);
    border: 1px dashed var(--_border);
    font-style: italic;
  }
  .own .bubble.deleted {
    color: var(--_muted);
  }
  .pending .bubble {
    opacity: 0.72;
  }
  .failed .bubble {
    opacity: 1;
    box-shadow: 0 0 0 1.5px var(--_danger);
  }

  .meta {
    display: flex;
    align-items: center;
    gap: 6px;
    margin: 3px var(--_s2) 0;
    font-size: 11.5px;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .failed .meta {
    color: var(--_danger);
    font-weight: 600;
  }
  .failed .meta .text-button {
    color: var(--_danger);
    text-decoration: underline;
  }
  /* Beside the bubble, out of the flow, so it never narrows the bubble. */
  .hover-time {
    position: absolute;
    inset-inline-start: calc(100% + 6px);
    top: 50%;
    translate: 0 -50%;
    font-size: 11px;
    color: var(--_muted);
    opacity: 0;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
    transition: opacity 150ms ease;
  }
  .own .hover-time {
    inset-inline-start: auto;
    inset-inline-end: calc(100% + 6px);
  }
  .row:hover .hover-time,
  .row:focus-within .hover-time {
    opacity: 1;
  }
  .seen {
    margin: 4px var(--_s2) 0;
    font-size: 11.5px;
    color: var(--_muted);
    text-align: end;
  }

  /* Files of a message: photos at their final size before they load, other files as download chips. */
  .attachments {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_s1);
    max-width: 100%;
  }
  .photo,
  .file {
    display: block;
    max-width: 100%;
    border: 1px solid var(--_border);
    border-radius: 12px;
    overflow: hidden;
    background: var(--_surface);
  }
  .file {
    display: flex;
    align-items: center;
    gap: var(--_s2);
    padding: var(--_s2) var(--_s3);
    color: inherit;
  }
  .file svg {
    width: 20px;
    flex: none;
  }
  .file-name {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .file-name,
  .file-size {
    white-space: nowrap;
  }
  .file-size {
    font-size: var(--_meta);
    color: var(--_muted);
  }
`;
