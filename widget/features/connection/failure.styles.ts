import { css } from '@lit/reactive-element/css-tag.js';

/** What the element shows when the chat could not open. */
export const failureStyles = css`
  /* Error state (the chat could not open) */
  .failure {
    flex: 1;
    display: grid;
    place-content: center;
    justify-items: center;
    gap: var(--_s2);
    padding: var(--_s6);
    text-align: center;
  }
  .failure h2 {
    margin: 0;
    font-size: 15px;
  }
  .failure p {
    margin: 0;
    color: var(--_muted);
    font-size: 13px;
    max-width: 34ch;
    overflow-wrap: anywhere;
  }
  .failure svg {
    width: 32px;
    height: 32px;
    color: var(--_danger);
  }
  .primary {
    margin-top: var(--_s2);
    padding: 8px 16px;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 650;
    cursor: pointer;
  }
`;
