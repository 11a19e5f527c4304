import { css } from '@lit/reactive-element/css-tag.js';

/** Avatars (initials on a hue from the clientId, white text ≥ 4.5:1) and role badges (one tint per role family). */
export const avatarStyles = css`
  /* Avatars: initials on a hue from the clientId at a fixed OKLCH lightness (white text ≥ 4.5:1). */
  .avatar {
    display: inline-grid;
    place-items: center;
    width: 32px;
    height: 32px;
    border-radius: 50%;
    background: oklch(0.5 0.13 var(--hue, 250));
    color: #fff;
    font-size: 12px;
    font-weight: 700;
    letter-spacing: 0.02em;
    flex: none;
    user-select: none;
  }
  .badge {
    display: inline-block;
    padding: 0 6px;
    border-radius: 999px;
    font-size: 11px;
    font-weight: 650;
    line-height: 17px;
    letter-spacing: 0.01em;
    background: var(--_badge-neutral);
    color: var(--_badge-neutral-text);
    white-space: nowrap;
    flex: none;
  }
  .badge.support {
    background: var(--_badge-support);
    color: var(--_badge-support-text);
  }
  .badge.commerce {
    background: var(--_badge-commerce);
    color: var(--_badge-commerce-text);
  }
  .badge.bot {
    background: var(--_badge-bot);
    color: var(--_badge-bot-text);
  }
`;
