import { css } from '@lit/reactive-element/css-tag.js';

/** The reaction picker, under a message or above the composer. */
export const reactionPickerStyles = css`
  .picker {
    display: flex;
    gap: 2px;
    padding: 4px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    box-shadow: var(--_shadow);
  }
  .picker button {
    width: 32px;
    height: 32px;
    border: 0;
    border-radius: 50%;
    background: transparent;
    font-size: 18px;
    line-height: 1;
    cursor: pointer;
    padding: 0;
  }
  .picker button:hover {
    background: var(--_surface);
  }
  .composer-picker {
    position: absolute;
    bottom: calc(100% + 6px);
    inset-inline-start: 0;
    z-index: 3;
  }
`;
