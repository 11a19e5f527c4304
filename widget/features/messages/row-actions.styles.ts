import { css } from '@lit/reactive-element/css-tag.js';

/** A message's toolbar (shown on hover and on focus, without moving anything), its picker and the delete confirmation. */
export const rowActionsStyles = css`
  /* Per-message actions: shown on hover and on focus, without moving anything. */
  .actions {
    position: absolute;
    top: -18px;
    inset-inline-end: 8px;
    z-index: 2;
    display: flex;
    gap: 2px;
    padding: 2px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
    box-shadow: var(--_shadow);
    opacity: 0;
    pointer-events: none;
    transition: opacity 150ms ease;
  }
  .own .actions {
    inset-inline-end: auto;
    inset-inline-start: 8px;
  }
  .row:hover .actions,
  .row:focus-within .actions,
  .actions.open {
    opacity: 1;
    pointer-events: auto;
  }
  .actions .icon-button {
    width: 28px;
    height: 28px;
  }
  .actions .icon-button svg {
    width: 17px;
    height: 17px;
  }
  .row-picker {
    position: absolute;
    bottom: calc(100% - 14px);
    inset-inline-end: 8px;
    z-index: 4;
  }
  .own .row-picker {
    inset-inline-end: auto;
    inset-inline-start: 8px;
  }
  .confirm {
    display: flex;
    align-items: center;
    gap: var(--_s3);
    margin-top: 4px;
    font-size: var(--_meta);
    color: var(--_fg);
  }
  .confirm .danger {
    color: var(--_danger);
  }
`;
