import { css } from '@lit/reactive-element/css-tag.js';

/** The connection banner: in flow above the list, never over messages. */
export const bannerStyles = css`
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
`;
