import { css } from '@lit/reactive-element/css-tag.js';

/**
 * The inbox: a header with the "Unread" filter and the title search over a scrolling list of rows; with `open="inline"`, the list
 * and the conversation side by side from 640 px of its own width, else one at a time (list, then the
 * conversation with a back button). Sized by its container, never by the viewport.
 */
export const inboxStyles = css`
  :host {
    display: block;
    block-size: 100%;
    container-type: inline-size;
    font-family: var(--_font);
    font-size: var(--_text);
    line-height: 1.4;
    color: var(--_fg);
  }
  .frame {
    display: flex;
    block-size: 100%;
    box-sizing: border-box;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_frame-radius);
    overflow: hidden;
  }
  .list {
    display: flex;
    flex-direction: column;
    flex: 1 1 auto;
    min-inline-size: 0;
  }
  :host([open='inline']) .list {
    flex: 0 0 min(360px, 42%);
    border-inline-end: 1px solid var(--_border);
  }
  .head {
    display: flex;
    align-items: center;
    gap: var(--_s2);
    padding: var(--_s3) var(--_s4);
    border-block-end: 1px solid var(--_border);
    min-block-size: 56px;
    box-sizing: border-box;
  }
  h2 {
    flex: 1;
    margin: 0;
    font-size: 16px;
    font-weight: 650;
  }
  .filter,
  .retry,
  .back {
    font: inherit;
    font-size: 13px;
    color: var(--_fg);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: var(--_s1) var(--_s3);
    min-block-size: 32px;
    cursor: pointer;
  }
  .search {
    position: relative;
    display: flex;
    align-items: center;
    padding: var(--_s2) var(--_s4);
    border-block-end: 1px solid var(--_border);
  }
  .search-icon {
    position: absolute;
    inset-inline-start: calc(var(--_s4) + 10px);
    inline-size: 16px;
    block-size: 16px;
    color: var(--_muted);
    pointer-events: none;
  }
  .search input {
    flex: 1;
    min-inline-size: 0;
    box-sizing: border-box;
    block-size: 36px;
    padding-block: 0;
    padding-inline: 34px 36px;
    font: inherit;
    font-size: 14px;
    color: var(--_fg);
    background: var(--_surface);
    border: 1px solid transparent;
    border-radius: 999px;
    appearance: none;
  }
  .search input::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  .search input::-webkit-search-cancel-button {
    display: none;
  }
  .search input:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
    background: var(--_bg);
  }
  .clear {
    position: absolute;
    inset-inline-end: calc(var(--_s4) + 4px);
    display: grid;
    place-items: center;
    inline-size: 28px;
    block-size: 28px;
    padding: 0;
    color: var(--_muted);
    background: none;
    border: 0;
    border-radius: 50%;
    cursor: pointer;
  }
  .clear:hover {
    color: var(--_fg);
  }
  .clear svg {
    inline-size: 16px;
    block-size: 16px;
  }
  .filter[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button:focus-visible,
  .row:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  .banner {
    margin: 0;
    padding: var(--_s2) var(--_s4);
    background: var(--_warn-bg);
    color: var(--_warn-fg);
    font-size: var(--_meta);
  }
  .scroll {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: var(--_s1) 0;
  }
  .row {
    display: flex;
    gap: var(--_s3);
    align-items: center;
    padding: var(--_s2) var(--_s4);
    min-block-size: 64px;
    box-sizing: border-box;
    cursor: pointer;
    border-inline-start: 3px solid transparent;
  }
  .row:hover {
    background: var(--_surface);
  }
  .row[aria-selected='true'] {
    background: var(--_surface);
    border-inline-start-color: var(--_accent);
  }
  .avatar {
    flex: 0 0 36px;
    block-size: 36px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    /* As the chat's avatars: a hue per person at a fixed lightness, white initials ≥ 4.5:1. */
    background: oklch(0.5 0.13 var(--hue, 250));
    color: #fff;
    font-size: 13px;
    font-weight: 700;
  }
  .avatar.kind {
    border-radius: 10px;
    /* The kind's hue, lighter and quieter than a person's: the icon in the hue, on a tint of it. */
    background: light-dark(oklch(0.93 0.04 var(--hue)), oklch(0.34 0.06 var(--hue)));
    color: light-dark(oklch(0.45 0.13 var(--hue)), oklch(0.86 0.09 var(--hue)));
  }
  .avatar.kind svg {
    inline-size: 20px;
    block-size: 20px;
  }
  .row[data-unread] .avatar {
    box-shadow:
      0 0 0 2px var(--_bg),
      0 0 0 4px var(--_accent);
  }
  .main {
    flex: 1;
    min-inline-size: 0;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  .line {
    display: flex;
    align-items: baseline;
    gap: var(--_s2);
    min-inline-size: 0;
  }
  .title {
    flex: 0 1 auto;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 500;
  }
  .row[data-unread] .title {
    font-weight: 700;
  }
  .type,
  .closed {
    flex: none;
    font-size: 11px;
    line-height: 16px;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--_badge-neutral);
    color: var(--_badge-neutral-text);
  }
  .closed {
    background: var(--_warn-bg);
    color: var(--_warn-fg);
  }
  .time {
    margin-inline-start: auto;
    flex: none;
    color: var(--_muted);
    font-size: var(--_meta);
  }
  .row[data-unread] .time {
    color: var(--_link);
    font-weight: 600;
  }
  .preview {
    flex: 1;
    min-inline-size: 0;
    color: var(--_muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .row[data-unread] .preview {
    color: var(--_fg);
  }
  .author {
    font-weight: 600;
  }
  .badge {
    flex: none;
    min-inline-size: 20px;
    block-size: 20px;
    box-sizing: border-box;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: 12px;
    font-weight: 700;
    line-height: 20px;
    text-align: center;
  }
  .sr {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .state {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: var(--_s3);
    padding: var(--_s6) var(--_s4);
    color: var(--_muted);
    text-align: center;
  }
  .state svg {
    inline-size: 40px;
    block-size: 40px;
    color: var(--_border);
  }
  .skeleton {
    display: flex;
    gap: var(--_s3);
    align-items: center;
    padding: var(--_s2) var(--_s4);
    min-block-size: 64px;
    box-sizing: border-box;
  }
  .skeleton span {
    display: block;
    background: var(--_surface);
    border-radius: 6px;
  }
  .skeleton .avatar {
    background: var(--_surface);
    flex: 0 0 36px;
    border-radius: 50%;
  }
  .skeleton .lines {
    flex: 1;
    display: flex;
    flex-direction: column;
    gap: var(--_s2);
    background: none;
  }
  .lines span {
    block-size: 12px;
  }
  .lines .short {
    block-size: 10px;
    max-inline-size: 45%;
  }
  .w1 {
    inline-size: 72%;
  }
  .w2 {
    inline-size: 56%;
  }
  .w3 {
    inline-size: 64%;
  }
  .w4 {
    inline-size: 48%;
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton span {
      animation: pulse 1.4s ease-in-out infinite;
    }
  }
  @keyframes pulse {
    50% {
      opacity: 0.55;
    }
  }
  .more {
    min-block-size: 24px;
    padding: var(--_s2);
    text-align: center;
    color: var(--_muted);
    font-size: var(--_meta);
  }
  .pane {
    flex: 1;
    min-inline-size: 0;
    display: flex;
    flex-direction: column;
  }
  .pane embedded-chat {
    flex: 1;
    min-block-size: 0;
    block-size: auto;
    --embedded-chat-frame-radius: 0;
    /* The chat's own frame lies over the inbox's, so no border doubles. */
    margin: 0 -1px -1px;
  }
  :host([open='inline']) .list + .pane embedded-chat {
    margin-inline-start: -1px;
  }
  .pane .back {
    display: none;
    align-items: center;
    gap: var(--_s2);
    align-self: flex-start;
    margin: var(--_s2);
  }
  .pane .state {
    flex: 1;
  }
  @container (max-width: 639px) {
    :host([open='inline']) .list {
      flex: 1 1 auto;
      border: 0;
    }
    :host([open='inline']) .frame[data-view='list'] .pane,
    :host([open='inline']) .frame[data-view='chat'] .list {
      display: none;
    }
    .pane .back {
      display: inline-flex;
    }
  }
`;
