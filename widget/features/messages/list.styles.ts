import { css } from '@lit/reactive-element/css-tag.js';

/** The scrolling list, its drawn rows and spacers, its edges, the empty state and the jump button. */
export const listStyles = css`
  /* The list region */
  .body {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .log {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_s3) var(--_s4) var(--_s2);
    scrollbar-width: thin;
    scrollbar-color: var(--_border) transparent;
  }
  .log:focus-visible {
    outline-offset: -2px;
  }
  /* One drawn row: its day separator and message (flow-root, so their margins count in its measured height). */
  .item {
    display: flow-root;
  }
  .history-edge {
    text-align: center;
    font-size: var(--_meta);
    color: var(--_muted);
    padding: var(--_s2) 0 var(--_s3);
  }
  .empty {
    display: grid;
    place-items: center;
    align-content: center;
    gap: var(--_s3);
    min-height: 100%;
    text-align: center;
    color: var(--_muted);
    padding: var(--_s6);
  }
  .empty svg {
    width: 40px;
    height: 40px;
    color: var(--_border);
  }
  .jump {
    position: absolute;
    bottom: var(--_s3);
    inset-inline-start: 50%;
    translate: -50% 0;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 6px 12px 6px 10px;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: var(--_meta);
    font-weight: 650;
    box-shadow: var(--_shadow);
    cursor: pointer;
  }
  :host([dir='rtl']) .jump {
    translate: 50% 0;
  }
  .jump svg {
    width: 16px;
    height: 16px;
  }
`;
