import { css } from '@lit/reactive-element/css-tag.js';

/** Who is here in the header: presence dots and the participants button's stack of faces. */
export const peopleStyles = css`
  .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--_online);
    flex: none;
  }
  .dot.away {
    background: var(--_border);
  }
  .stack {
    display: flex;
    align-items: center;
    padding: 2px 6px 2px 2px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    cursor: pointer;
    gap: 6px;
    color: var(--_muted);
    font-size: var(--_meta);
    font-weight: 600;
  }
  .stack:hover {
    background: var(--_surface);
  }
  .stack .faces {
    display: flex;
  }
  .stack svg {
    width: 20px;
    height: 20px;
  }
  .stack .avatar {
    width: 24px;
    height: 24px;
    font-size: 9px;
    letter-spacing: 0;
    box-shadow: 0 0 0 2px var(--_bg);
  }
  .stack .avatar + .avatar {
    margin-inline-start: -4px;
  }
`;
