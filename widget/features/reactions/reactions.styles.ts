import { css } from '@lit/reactive-element/css-tag.js';

/** Reaction chips under messages. */
export const reactionsStyles = css`
  /* Reactions */
  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin-top: 4px;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    height: 26px;
    padding: 0 8px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    font-size: 13px;
    cursor: pointer;
  }
  .chip .n {
    font-size: 12px;
    font-weight: 650;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .chip[aria-pressed='true'] {
    border-color: color-mix(in oklab, var(--_accent) 55%, var(--_border));
    background: color-mix(in oklab, var(--_accent) 12%, var(--_bg));
  }
  .chip[aria-pressed='true'] .n {
    color: var(--_link);
  }
  .chip:disabled {
    cursor: default;
  }

  :host([compact]) .row {
    grid-template-columns: minmax(0, 1fr);
  }
  :host([compact]) .row .avatar {
    display: none;
  }
  :host([compact]) .content {
    grid-column: 1;
  }

  @media (prefers-reduced-motion: no-preference) {
    .row.arrived {
      animation: arrive 180ms ease-out;
    }
  }
  @keyframes arrive {
    from {
      opacity: 0;
      transform: translateY(4px);
    }
  }
`;
