import { css } from 'lit';

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
