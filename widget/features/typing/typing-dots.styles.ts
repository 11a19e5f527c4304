import { css } from '@lit/reactive-element/css-tag.js';

/** The three dots beside "… is typing" (still when reduced motion is asked for). */
export const typingDotsStyles = css`
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
