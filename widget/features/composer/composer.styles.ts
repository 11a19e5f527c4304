import { css } from '@lit/reactive-element/css-tag.js';

/** The composer: notice line, field, textbox, send button, pickers and the read-only notice. */
export const composerStyles = css`
  /* Composer */
  .composer {
    flex: none;
    padding: 0 var(--_s3) var(--_s3);
  }
  .notice {
    display: flex;
    align-items: center;
    gap: 6px;
    margin: 0 var(--_s1) var(--_s2);
    font-size: var(--_meta);
    color: var(--_muted);
  }
  .notice.error {
    color: var(--_danger);
    font-weight: 550;
  }
  .notice svg {
    width: 14px;
    height: 14px;
    flex: none;
  }
  .notice .text-button {
    margin-inline-start: auto;
  }
  .field {
    display: flex;
    align-items: flex-end;
    gap: var(--_s1);
    padding: 4px;
    border: 1px solid var(--_border);
    border-radius: 22px;
    background: var(--_surface);
    transition:
      border-color 150ms ease,
      box-shadow 150ms ease;
  }
  .field:focus-within {
    border-color: color-mix(in oklab, var(--_accent) 60%, var(--_border));
    box-shadow: 0 0 0 3px color-mix(in oklab, var(--_accent) 18%, transparent);
  }
  textarea {
    flex: 1;
    min-width: 0;
    resize: none;
    border: 0;
    background: transparent;
    color: var(--_fg);
    font: inherit;
    font-size: 16px;
    line-height: 1.4;
    padding: 6px 8px;
    max-height: calc(1.4em * 6 + 12px);
    field-sizing: content;
    min-height: calc(1.4em + 12px);
    outline: none;
  }
  textarea:focus-visible {
    outline: none; /* the field around it shows the focus */
  }
  textarea::placeholder {
    color: var(--_muted);
  }
  .send {
    display: inline-grid;
    place-items: center;
    width: 36px;
    height: 36px;
    flex: none;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
    transition: opacity 150ms ease;
  }
  .send:disabled {
    opacity: 0.4;
    cursor: default;
  }
  .send svg {
    width: 18px;
    height: 18px;
  }
  :host([dir='rtl']) .send svg,
  :host([dir='rtl']) .jump-icon {
    transform: scaleX(-1);
  }
  .read-only {
    display: flex;
    align-items: center;
    gap: var(--_s2);
    margin: 0 0 0;
    padding: var(--_s3) var(--_s4);
    border-radius: 12px;
    background: var(--_surface);
    color: var(--_muted);
    font-size: 13px;
  }
  .read-only svg {
    width: 16px;
    height: 16px;
    flex: none;
  }
  .composer-row {
    position: relative;
  }
`;
