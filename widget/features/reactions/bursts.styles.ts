import { css } from '@lit/reactive-element/css-tag.js';

/** Room reactions float up from the composer and fade (without motion when reduced motion is asked for). */
export const burstStyles = css`
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
