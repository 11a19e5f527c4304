import { css } from 'lit';

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
  .badge {
    display: inline-block;
    padding: 0 6px;
    border-radius: 999px;
    font-size: 11px;
    font-weight: 650;
    line-height: 17px;
    letter-spacing: 0.01em;
    background: var(--_badge-neutral);
    color: var(--_badge-neutral-text);
    white-space: nowrap;
    flex: none;
  }
  .badge.support {
    background: var(--_badge-support);
    color: var(--_badge-support-text);
  }
  .badge.commerce {
    background: var(--_badge-commerce);
    color: var(--_badge-commerce-text);
  }
  .badge.bot {
    background: var(--_badge-bot);
    color: var(--_badge-bot-text);
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

  /* Avatars: initials on a hue from the clientId at a fixed OKLCH lightness (white text ≥ 4.5:1). */
  .avatar {
    display: inline-grid;
    place-items: center;
    width: 32px;
    height: 32px;
    border-radius: 50%;
    background: oklch(0.5 0.13 var(--hue, 250));
    color: #fff;
    font-size: 12px;
    font-weight: 700;
    letter-spacing: 0.02em;
    flex: none;
    user-select: none;
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
