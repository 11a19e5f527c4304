import { css } from 'lit';

/** The scrolling list, its edges, the empty state, the jump button and the typing row. */
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

  /* Typing row: always there, fixed height, so nothing jumps when someone types. */
  .typing {
    flex: none;
    height: 22px;
    padding: 0 var(--_s4);
    font-size: var(--_meta);
    color: var(--_muted);
    display: flex;
    align-items: center;
    gap: 6px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .typing .dots {
    display: inline-flex;
    gap: 3px;
  }
  .typing .dots span {
    width: 4px;
    height: 4px;
    border-radius: 50%;
    background: currentColor;
    opacity: 0.5;
  }
  @media (prefers-reduced-motion: no-preference) {
    .typing .dots span {
      animation: typing-dot 1.2s infinite ease-in-out;
    }
    .typing .dots span:nth-child(2) {
      animation-delay: 0.15s;
    }
    .typing .dots span:nth-child(3) {
      animation-delay: 0.3s;
    }
  }
  @keyframes typing-dot {
    30% {
      opacity: 1;
      transform: translateY(-2px);
    }
  }
`;
