import { css } from '@lit/reactive-element/css-tag.js';

/** An agent's reply as it streams: the pulse after its text, "Writing…" and Stop, stopped and failed runs. */
export const agentStyles = css`
  .run-item {
    display: flow-root;
  }
  .run .caret {
    display: inline-block;
    width: 0.5em;
    height: 0.5em;
    margin-inline-start: 0.3em;
    border-radius: 50%;
    background: currentColor;
    opacity: 0.45;
    vertical-align: 0.05em;
  }
  @media (prefers-reduced-motion: no-preference) {
    .run .caret {
      animation: run-pulse 1.1s ease-in-out infinite;
    }
  }
  @keyframes run-pulse {
    50% {
      opacity: 0.15;
    }
  }
  .run .meta {
    min-height: 22px;
  }
  .run .writing {
    font-style: italic;
  }
  .stop {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 1px 8px 1px 6px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    color: var(--_fg);
    font-size: var(--_meta);
    font-weight: 600;
    line-height: 18px;
    cursor: pointer;
  }
  .stop:hover {
    background: var(--_surface);
  }
  .stop:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .stop[aria-disabled='true'] {
    opacity: 0.6;
    cursor: default;
  }
  .stop svg {
    width: 12px;
    height: 12px;
    fill: currentColor;
  }
  .run.cancelled .bubble {
    border: 1px dashed var(--_border);
  }
  .run .failed-run {
    color: var(--_danger);
    font-weight: 600;
  }
`;
