import { css } from '@lit/reactive-element/css-tag.js';

/** The typing row: always there, fixed height, so nothing jumps when someone types. */
export const typingStyles = css`
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
`;
