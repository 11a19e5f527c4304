import { css } from '@lit/reactive-element/css-tag.js';

/** The participants panel (inside the frame, never position: fixed). */
export const panelStyles = css`
  /* Participants panel: inside the frame, over the list, never position: fixed. */
  .panel {
    position: absolute;
    top: 0;
    bottom: 0;
    inset-inline-end: 0;
    width: min(300px, 88%);
    z-index: 5;
    display: flex;
    flex-direction: column;
    background: var(--_bg);
    border-inline-start: 1px solid var(--_border);
    box-shadow: var(--_shadow);
  }
  @media (prefers-reduced-motion: no-preference) {
    .panel {
      animation: panel-in 180ms ease-out;
    }
  }
  @keyframes panel-in {
    from {
      opacity: 0;
      transform: translateX(12px);
    }
  }
  .panel-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    min-height: 56px;
    padding: 0 var(--_s2) 0 var(--_s4);
    border-bottom: 1px solid var(--_border);
  }
  .panel-head h2 {
    margin: 0;
    font-size: 15px;
  }
  .people {
    list-style: none;
    margin: 0;
    padding: var(--_s2) 0;
    overflow-y: auto;
  }
  .person {
    display: flex;
    align-items: center;
    gap: var(--_s3);
    padding: var(--_s2) var(--_s4);
  }
  .person .who {
    min-width: 0;
    flex: 1;
  }
  .person .name-line {
    display: flex;
    align-items: center;
    gap: 6px;
    font-weight: 600;
  }
  .person .status {
    font-size: var(--_meta);
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  .person.away .avatar {
    opacity: 0.55;
  }
  .avatar-wrap {
    position: relative;
    flex: none;
  }
  .avatar-wrap .dot {
    position: absolute;
    bottom: -1px;
    inset-inline-end: -1px;
    box-shadow: 0 0 0 2px var(--_bg);
  }
`;
