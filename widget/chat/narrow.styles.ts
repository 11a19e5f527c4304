import { css } from '@lit/reactive-element/css-tag.js';

/** Narrow containers and `compact`: last in the cascade, so they win over the rules they adjust. */
export const narrowStyles = css`
  /* Narrow containers (a 320 px sidebar): less padding, wider bubbles. */
  @container chat (max-width: 360px) {
    header {
      padding-inline: var(--_s3) var(--_s2);
    }
    .log {
      padding-inline: var(--_s3);
    }
    .stack .count {
      display: none;
    }
  }

  :host([compact]) header {
    min-height: 48px;
  }
  :host([compact]) .log {
    padding-inline: var(--_s3);
  }
`;
