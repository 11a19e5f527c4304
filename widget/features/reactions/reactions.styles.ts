import { css } from 'lit';

/** Reaction chips under messages, and room reactions floating up from the composer. */
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
  /* Room reactions float up from the composer and fade. */
  .bursts {
    position: absolute;
    inset-inline-end: var(--_s6);
    bottom: 0;
    height: 60%;
    width: 60px;
    pointer-events: none;
    overflow: visible;
  }
  .burst {
    position: absolute;
    bottom: 0;
    inset-inline-end: var(--x, 0px);
    font-size: 26px;
    opacity: 0;
  }
  @media (prefers-reduced-motion: no-preference) {
    .burst {
      animation: burst-up 1.8s ease-out forwards;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .burst {
      animation: burst-fade 1.8s linear forwards;
    }
  }
  @keyframes burst-up {
    10% {
      opacity: 1;
    }
    100% {
      opacity: 0;
      transform: translateY(-180px) scale(1.25);
    }
  }
  @keyframes burst-fade {
    10%,
    70% {
      opacity: 1;
    }
  }
`;
