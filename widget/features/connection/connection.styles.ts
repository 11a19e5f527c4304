import { css } from 'lit';

/** The connection banner (in flow above the list, never over messages) and the state shown when the chat could not open. */
export const connectionStyles = css`
  /* Banner */
  .banner {
    display: flex;
    align-items: center;
    gap: var(--_s2);
    padding: 6px var(--_s4);
    background: var(--_warn-bg);
    color: var(--_warn-fg);
    font-size: var(--_meta);
    font-weight: 550;
    flex: none;
  }
  .banner .text-button {
    color: inherit;
    text-decoration: underline;
    margin-inline-start: auto;
  }
  .banner.failed {
    background: color-mix(in oklab, var(--_danger) 14%, var(--_bg));
    color: var(--_fg);
  }
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
